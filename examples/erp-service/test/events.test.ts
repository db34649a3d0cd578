import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog, startService, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService({ heartbeatMs: 100 });
  await seedCatalog(service);
});
afterAll(async () => service.close());

interface SseEvent {
  event: string;
  id?: string;
  data: any;
}

/** Reads server-sent events from a streaming fetch response. */
function readEvents(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let comments = 0;
  let buffer = '';
  const waiters: Array<() => void> = [];
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments += 1;
          const colon = line.indexOf(':');
          if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
        }
        if (fields['data'] !== undefined) events.push({ event: fields['event'] ?? 'message', ...(fields['id'] ? { id: fields['id'] } : {}), data: JSON.parse(fields['data']) });
        for (const wake of waiters.splice(0)) wake();
      }
    }
  })();
  return {
    events,
    comments: () => comments,
    async until(predicate: () => boolean, ms = 5000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe('server-sent events', () => {
  it('refuses an unauthenticated subscriber', async () => {
    const response = await service.call('GET', '/events', { actor: null });
    expect(response.status).toBe(401);
  });

  it('streams movement.posted and count.variance to every subscriber, and keep-alives', async () => {
    const controller = new AbortController();
    const [a, b] = await Promise.all(
      [1, 2].map(() => fetch(`${service.url}/events`, { headers: { 'x-actor': 'zhao' }, signal: controller.signal })),
    );
    expect(a!.status).toBe(200);
    expect(a!.headers.get('content-type')).toContain('text/event-stream');
    const first = readEvents(a!);
    const second = readEvents(b!);
    await first.until(() => first.events.some((e) => e.event === 'ready'));
    await second.until(() => second.events.some((e) => e.event === 'ready'));

    await service.call('POST', '/movements', { body: { kind: 'receipt', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '10' }] }, headers: { 'idempotency-key': 'sse-1' } });
    // A replay creates nothing and emits nothing.
    await service.call('POST', '/movements', { body: { kind: 'receipt', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '10' }] }, headers: { 'idempotency-key': 'sse-1' } });
    await first.until(() => first.events.some((e) => e.event === 'movement.posted'));
    await second.until(() => second.events.some((e) => e.event === 'movement.posted'));
    expect(first.events.find((e) => e.event === 'movement.posted')!.data).toMatchObject({ movement: { id: 'sse-1', kind: 'receipt', actor: 'li' } });

    // A count that finds 4 instead of 10 raises a variance when the review closes the round.
    const opened = await service.call('POST', '/counts', { body: { id: 'CS-sse', scope: { locations: ['WH1/A/01'] }, counters: ['ana', 'wang'] }, actor: 'zhao' });
    expect(opened.status).toBe(201);
    const countedAt = new Date().toISOString();
    await service.call('POST', '/counts/CS-sse/entries', { actor: 'ana', body: { entries: [{ entryId: 'e1', sku: 'WIDGET', location: 'WH1/A/01', qty: '4', countedAt }] } });
    await service.call('POST', `/counts/CS-sse/locations/${encodeURIComponent('WH1/A/01')}/complete`, { actor: 'ana', body: {} });
    const review = (await (await service.call('GET', '/counts/CS-sse/review', { actor: 'zhao' })).json()) as { lines: Array<{ status: string }> };
    expect(review.lines[0]!.status).toBe('recount');
    await first.until(() => first.events.some((e) => e.event === 'count.variance'));
    const variance = first.events.find((e) => e.event === 'count.variance')!;
    expect(variance.data).toMatchObject({ sessionId: 'CS-sse', line: { sku: 'WIDGET', location: 'WH1/A/01', expected: '10', counted: '4', variance: '-6' } });
    await second.until(() => second.events.some((e) => e.event === 'count.variance'));
    // Ids increase within a stream.
    const ids = first.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    await first.until(() => first.comments() > 0, 2000);
    controller.abort();
    await first.cancel().catch(() => undefined);
    await second.cancel().catch(() => undefined);
  });
});
