/**
 * Instants cross the API as `Date` objects or ISO-8601 strings with an offset and are stored as
 * normalised UTC ISO strings (`2026-11-25T09:00:00.000Z`), which sort chronologically as text.
 *
 * @module
 */
import * as z from 'zod';

/** An instant as stocktake stores and returns it: a UTC ISO-8601 string with milliseconds. */
export type Instant = string;

/**
 * An instant as stocktake accepts it: a `Date`, or an ISO-8601 date-time with an offset
 * (`2026-03-02T09:00:00Z`, `2026-03-02T17:00:00+08:00`). Stored and returned as an {@link Instant}.
 */
export type InstantInput = Date | string;

/**
 * Accepts a valid `Date` or an ISO-8601 date-time with an offset (`Z` or `+08:00`) between the
 * years 1000 and 9999, and outputs the normalised UTC string.
 */
export const instantSchema = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value, ctx) => {
    const date = typeof value === 'string' ? new Date(value) : value;
    const ms = date.getTime();
    if (!Number.isFinite(ms) || date.getUTCFullYear() < 1000 || date.getUTCFullYear() > 9999) {
      ctx.addIssue({ code: 'custom', message: 'Expected a date-time between the years 1000 and 9999' });
      return z.NEVER;
    }
    return date.toISOString();
  });

/** The last instant {@link toInstant} formatted: its milliseconds and its text. */
let lastMs = Number.NaN;
let lastText = '';

/**
 * Normalises a trusted `Date` (from the engine's clock) to the stored form.
 *
 * A command reads the clock several times within one millisecond (the movement's `recordedAt`,
 * its audit event, its feed event): the same instant gives the same string, so the records a
 * store keeps share one copy of the text, and it is formatted once.
 *
 * @internal
 */
export function toInstant(date: Date): Instant {
  const ms = date.getTime();
  // An invalid date (NaN) never equals lastMs, so it reaches toISOString and throws as before.
  if (ms !== lastMs) {
    lastText = date.toISOString();
    lastMs = ms;
  }
  return lastText;
}
