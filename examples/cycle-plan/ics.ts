/**
 * A minimal iCalendar (RFC 5545) writer for all-day events, and a reader good enough to check
 * what it wrote: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character),
 * TEXT values escaped, and UID and DTSTAMP on every event.
 */
import { tz } from '@date-fns/tz';
import { addDays, format, parseISO } from 'date-fns';

/** One all-day event. */
export interface IcsEvent {
  /** A globally unique, stable id, e.g. `2027-03-01@cycle-plan.stocktake`. */
  uid: string;
  /** The day, `YYYY-MM-DD`. */
  date: string;
  /** The title. */
  summary: string;
  /** The details; may span lines. */
  description?: string;
  /** Categories shown by calendar apps. */
  categories?: readonly string[];
}

/** Options of {@link toIcs}. */
export interface IcsOptions {
  /** The product id, `-//Company//Product//EN`. */
  prodId: string;
  /** The calendar's display name. */
  name: string;
  /** The creation instant stamped on every event (DTSTAMP), in UTC. */
  stamp: Date;
}

/**
 * Escapes a TEXT value: backslash, semicolon, comma and line breaks.
 *
 * @param value - the text
 * @returns the escaped text
 * @example
 * ```ts
 * escapeText('a, b; c\nd'); // 'a\\, b\\; c\\nd'
 * ```
 */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line so no physical line exceeds 75 octets (UTF-8); continuation lines start
 * with one space.
 *
 * @param line - the unfolded content line
 * @returns the folded line, joined with CRLF
 * @example
 * ```ts
 * foldLine('DESCRIPTION:' + 'x'.repeat(100)).split('\r\n').length; // 2
 * ```
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function basicDate(date: string): string {
  return date.replace(/-/g, '');
}

function nextDate(date: string): string {
  // An all-day event ends (exclusively) on the next calendar date; no zone is involved.
  return format(addDays(parseISO(date, { in: tz('UTC') }), 1), 'yyyy-MM-dd');
}

/**
 * Writes all-day events as an iCalendar file.
 *
 * @param events - the events
 * @param options - product id, calendar name and the DTSTAMP instant
 * @returns the `.ics` text, CRLF line ends, folded
 * @example
 * ```ts
 * toIcs([{ uid: '1@example', date: '2027-03-01', summary: 'Count' }], { prodId: '-//Acme//Plan//EN', name: 'Counts', stamp: new Date() });
 * ```
 */
export function toIcs(events: readonly IcsEvent[], options: IcsOptions): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${options.prodId}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(options.name)}`];
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${utcStamp(options.stamp)}`,
      `DTSTART;VALUE=DATE:${basicDate(event.date)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDate(event.date))}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.description !== undefined) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.categories !== undefined && event.categories.length > 0) {
      lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
    }
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** A parsed event: its properties by name (parameters dropped), TEXT values unescaped. */
export type ParsedIcsEvent = Record<string, string>;

/**
 * Reads the events of an iCalendar text: unfolds lines, splits properties, unescapes TEXT.
 * Enough to check {@link toIcs}'s output; not a general parser.
 *
 * @param text - the `.ics` text
 * @returns the events' properties
 * @example
 * ```ts
 * parseIcsEvents(ics)[0]?.['SUMMARY'];
 * ```
 */
export function parseIcsEvents(text: string): ParsedIcsEvent[] {
  const unfolded = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: ParsedIcsEvent[] = [];
  let current: ParsedIcsEvent | undefined;
  for (const line of unfolded) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      if (current) events.push(current);
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).split(';')[0] ?? '';
      current[name] = unescapeText(line.slice(colon + 1));
    }
  }
  return events;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
