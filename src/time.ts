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

/**
 * Normalises a trusted `Date` (from the engine's clock) to the stored form.
 *
 * @internal
 */
export function toInstant(date: Date): Instant {
  return date.toISOString();
}

/**
 * An instant as text, sharing the string of `known` when the two are equal: records kept for the
 * life of a store (a movement and its audit event, usually of the same millisecond) then hold one
 * copy of the text rather than two.
 *
 * @param instant - the instant
 * @param known - an instant already stored, likely equal
 * @returns `known` when equal to `instant`, else `instant`
 * @internal
 */
export function sharedInstant(instant: Instant, known: Instant): Instant {
  return instant === known ? known : instant;
}
