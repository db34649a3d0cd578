/**
 * The count-correctness rules hold through HTTP: completing a location is counting (segregation
 * of duties covers zero counts by completion), and a session has one approver of record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../auth.js';
import { seedCatalog, startService, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService();
  await seedCatalog(service);
});
afterAll(async () => service.close());

/** Somebody in a small warehouse who holds every role. */
const mallory = { actor: 'mallory', roles: ['counter', 'supervisor', 'approver'] as Role[] };

async function codeOf(response: Response): Promise<[number, string]> {
  return [response.status, ((await response.json()) as { code: string }).code];
}

describe('segregation of duties over HTTP', () => {
  it('one person who opens a count naming another as counter and completes a bin with nothing recorded can neither approve nor post its write-off alone', async () => {
    expect((await service.call('POST', '/movements', { body: { id: 'rcv-sod', kind: 'receipt', occurredAt: '2026-03-02T07:00:00.000Z', lines: [{ sku: 'WIDGET', to: 'WH1/B/01', qty: '5' }] } })).status).toBe(201);
    const opened = await service.call('POST', '/counts', { ...mallory, body: { id: 'CS-SOD', scope: { locations: ['WH1/B/01'] }, counters: ['ana'], tolerance: { qty: '1000' } } });
    expect(opened.status).toBe(201);
    // Nothing recorded: completing asserts that the 5 widgets the book holds there are 0.
    const completed = await service.call('POST', `/counts/CS-SOD/locations/${encodeURIComponent('WH1/B/01')}/complete`, { ...mallory, body: {} });
    expect(completed.status).toBe(200);
    const review = (await (await service.call('POST', '/counts/CS-SOD/close-round', { ...mallory, body: {} })).json()) as { lines: Array<{ counted: string; variance: string; asserters: string[] }> };
    expect(review.lines.map((line) => [line.counted, line.variance, line.asserters])).toEqual([['0', '-5', ['mallory']]]);

    expect(await codeOf(await service.call('POST', '/counts/CS-SOD/approve', { ...mallory, body: {} }))).toEqual([403, 'not_authorized']);
    expect(((await (await service.call('GET', '/counts/CS-SOD', { actor: 'zhao' })).json()) as { state: string }).state).toBe('reviewing');
    // Someone else approves; mallory still cannot post what she asserted.
    expect((await service.call('POST', '/counts/CS-SOD/approve', { actor: 'zhao', body: {} })).status).toBe(200);
    expect(await codeOf(await service.call('POST', '/counts/CS-SOD/post', { ...mallory, body: {} }))).toEqual([403, 'not_authorized']);
    expect(((await (await service.call('GET', '/on-hand?sku=WIDGET&location=WH1/B/01', { actor: 'zhao' })).json()) as { qty: string }).qty).toBe('5');

    const posted = await service.call('POST', '/counts/CS-SOD/post', { actor: 'zhao', body: {} });
    expect(posted.status).toBe(201);
    expect(((await (await service.call('GET', '/on-hand?sku=WIDGET&location=WH1/B/01', { actor: 'zhao' })).json()) as { qty: string }).qty).toBe('0');
    const report = (await (await service.call('GET', '/counts/CS-SOD/report', { actor: 'zhao' })).json()) as { people: { approver: string } };
    expect(report.people.approver).toBe('zhao');
  });

  it('a second approval by someone else is refused while the first holds: one approver of record', async () => {
    expect((await service.call('POST', '/counts', { actor: 'zhao', body: { id: 'CS-ONCE', scope: { locations: ['WH1/A/02'] }, counters: ['ana'], tolerance: { qty: '1000' } } })).status).toBe(201);
    const countedAt = new Date().toISOString();
    await service.call('POST', '/counts/CS-ONCE/entries', { actor: 'ana', body: { entries: [{ entryId: 'o1', sku: 'WIDGET', location: 'WH1/A/02', qty: '2', countedAt }] } });
    await service.call('POST', `/counts/CS-ONCE/locations/${encodeURIComponent('WH1/A/02')}/complete`, { actor: 'ana', body: {} });
    await service.call('POST', '/counts/CS-ONCE/close-round', { actor: 'zhao', body: {} });
    expect((await service.call('POST', '/counts/CS-ONCE/approve', { actor: 'zhao', body: {} })).status).toBe(200);
    const second = await service.call('POST', '/counts/CS-ONCE/approve', { ...mallory, body: {} });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ code: 'already_approved', details: { approvedBy: 'zhao' } });
    // The approver of record retrying the same request gets the session back unchanged.
    const retried = await service.call('POST', '/counts/CS-ONCE/approve', { actor: 'zhao', body: {} });
    expect([retried.status, ((await retried.json()) as { approval: { actor: string } }).approval.actor]).toEqual([200, 'zhao']);
  });
});
