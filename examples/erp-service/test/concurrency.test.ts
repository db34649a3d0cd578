import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog, startService, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService();
  await seedCatalog(service);
});
afterAll(async () => service.close());

describe('bursts of duplicate and concurrent requests', () => {
  it('50 concurrent posts of one movement under one Idempotency-Key create it once', async () => {
    const body = { kind: 'receipt', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '2', uom: 'case' }] };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => service.call('POST', '/movements', { body, headers: { 'idempotency-key': 'burst-1' } })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ result: string }>));
    expect(new Set(bodies.map((b) => b.result))).toEqual(new Set(['created', 'exists']));
    const onHand = (await (await service.call('GET', '/on-hand?sku=WIDGET&location=WH1/A/01')).json()) as { qty: string };
    expect(onHand.qty).toBe('24');
    const movements = (await (await service.call('GET', '/movements?sku=WIDGET')).json()) as Array<{ id: string }>;
    expect(movements.map((m) => m.id)).toEqual(['burst-1']);
  });

  it('30 concurrent issues of 1 against 20 on hand: 20 created, 10 refused, nothing overdrawn', async () => {
    await service.call('POST', '/movements', { body: { id: 'rcv-20', kind: 'receipt', lines: [{ sku: 'WIDGET', to: 'WH1/A/02', qty: '20' }] } });
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        service.call('POST', '/movements', { body: { id: `pick-${i}`, kind: 'issue', lines: [{ sku: 'WIDGET', from: 'WH1/A/02', qty: '1' }] } }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(10);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(((await response.json()) as { code: string }).code).toBe('insufficient_stock');
    }
    const onHand = (await (await service.call('GET', '/on-hand?sku=WIDGET&location=WH1/A/02')).json()) as { qty: string };
    expect(onHand.qty).toBe('0');
  });

  it('100 concurrent batches carrying 20 distinct entry ids store 20 entries', async () => {
    const opened = await service.call('POST', '/counts', { body: { id: 'CS-burst', scope: { locations: ['WH1/A'] }, counters: ['ana'] }, actor: 'zhao' });
    expect(opened.status).toBe(201);
    const countedAt = new Date().toISOString();
    const entry = (n: number) => ({ entryId: `hh7-${n}`, sku: 'WIDGET', location: 'WH1/A/01', qty: '1', uom: 'case', countedAt, device: 'hh7' });
    // A handheld that resends its queue: each request carries one entry, ids repeat five times over.
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => service.call('POST', '/counts/CS-burst/entries', { actor: 'ana', body: { entries: [entry(i % 20)] } })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const results = (await Promise.all(responses.map((r) => r.json() as Promise<{ results: Array<{ entryId: string; result: string }> }>))).flatMap(
      (b) => b.results,
    );
    expect(results.filter((r) => r.result === 'created')).toHaveLength(20);
    expect(results.filter((r) => r.result === 'exists')).toHaveLength(80);
    expect(new Set(results.filter((r) => r.result === 'created').map((r) => r.entryId)).size).toBe(20);
    const entries = (await (await service.call('GET', '/counts/CS-burst/entries')).json()) as Array<{ entryId: string; qty: string }>;
    expect(entries).toHaveLength(20);
    expect(new Set(entries.map((e) => e.entryId))).toEqual(new Set(Array.from({ length: 20 }, (_, n) => `hh7-${n}`)));
    expect(entries.every((e) => e.qty === '12')).toBe(true);
  });
});
