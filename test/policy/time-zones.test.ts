/**
 * Calendars never hang and never change their answers, whatever the time zone of the machine:
 * `time-zones.child.ts` runs the calendar functions in every IANA zone under several host zones
 * (a child process each, with `TZ=` set), and every host must compute the same dates.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tzOffset } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';

/** Host zones from the cases that looped or answered wrongly: DST in both hemispheres, and changes at midnight. */
const HOST_ZONES = ['Europe/Berlin', 'America/Nuuk', 'Australia/Sydney', 'America/Santiago'] as const;
const child = fileURLToPath(new URL('./time-zones.child.ts', import.meta.url));

interface Report {
  readonly hostTimeZone: string;
  readonly hostOffsets: readonly number[];
  readonly zones: number;
  readonly failures: readonly string[];
  readonly failureCount: number;
  readonly digests: Readonly<Record<string, string>>;
}

function runChild(hostZone: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', child],
      // A loop that never ends is the failure this guards against: it must fail, not hang.
      { env: { ...process.env, TZ: hostZone }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`TZ=${hostZone}: ${error.killed ? 'did not finish within 90 s' : error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Report);
      },
    );
  });
}

describe('calendars in every pair of host and warehouse time zones', () => {
  it('the day grid, plans, due dates and warehouse dates terminate, match the plain-date model and agree under every host zone', async () => {
    const reports = await Promise.all(HOST_ZONES.map(runChild));
    const zones = Intl.supportedValuesOf('timeZone').length;
    reports.forEach((report, index) => {
      const host = HOST_ZONES[index]!;
      const expectedOffsets = ['2027-01-15T12:00:00Z', '2027-07-15T12:00:00Z'].map((at) => tzOffset(host, new Date(at)));
      expect(report.hostOffsets, `the child ran with the offsets of ${host}`).toEqual(expectedOffsets);
      expect(report.zones).toBeGreaterThanOrEqual(zones);
      expect(report.failures, `TZ=${host}: ${report.failureCount} failures`).toEqual([]);
      // The answers depend on the warehouse's zone, never on the host's.
      expect(report.digests, `TZ=${host} computed other dates than TZ=${HOST_ZONES[0]}`).toEqual(reports[0]!.digests);
    });
  }, 180_000);
});
