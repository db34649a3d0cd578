/**
 * The supervisor stream on the durable feed: two service instances on one database see each
 * other's events, and a screen that reconnects with Last-Event-ID gets exactly what it missed.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteStorage, migrate } from 'stocktake/postgres';
import { seedCatalog, signToken, startService, type RunningService } from './service.js';

interface SseEvent {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: unknown;
}

/** Opens /events and collects its events until closed. */
async function openStream(service: RunningService, headers: Record<string, string> = {}, query = '') {
  const controller = new AbortController();
  const response = await fetch(`${service.url}/events${query}`, {
    headers: { authorization: `Bearer ${await signToken('zhao', ['supervisor'])}`, ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  if (response.status === 200) {
    void (async () => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const fields = new Map<string, string>();
          for (const line of buffer.slice(0, end).split('\n')) {
            const colon = line.indexOf(':');
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          buffer = buffer.slice(end + 2);
          if (fields.has('data')) events.push({ event: fields.get('event') ?? 'message', id: fields.get('id'), data: JSON.parse(fields.get('data')!) });
        }
      }
    })();
  }
  return {
    response,
    events,
    posted: () => events.filter((e) => e.event === 'movement.posted').map((e) => (e.data as { movement: { id: string } }).movement.id),
    async until(predicate: () => boolean, ms = 10_000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => controller.abort(),
  };
}

let db: PGlite;
let a: RunningService;
let b: RunningService;
beforeAll(async () => {
  db = await PGlite.create();
  await migrate(createPgliteStorage(db));
  // Two instances, each with its own adapter and engine, on one database.
  a = await startService({ storage: createPgliteStorage(db), heartbeatMs: 200 });
  b = await startService({ storage: createPgliteStorage(db), heartbeatMs: 200 });
  await seedCatalog(a);
});
afterAll(async () => {
  await a.close();
  await b.close();
  await db.close();
});

const receipt = (service: RunningService, key: string) =>
  service.call('POST', '/movements', { body: { kind: 'receipt', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '1' }] }, headers: { 'idempotency-key': key } });

describe('the supervisor stream on the event feed', () => {
  it('two instances on one database see each other’s events, with the feed cursor as the event id', async () => {
    const onA = await openStream(a);
    const onB = await openStream(b);
    await onA.until(() => onA.events.some((e) => e.event === 'ready'));
    await onB.until(() => onB.events.some((e) => e.event === 'ready'));
    expect((await receipt(a, 'x-1')).status).toBe(201);
    expect((await receipt(b, 'x-2')).status).toBe(201);
    await onA.until(() => onA.posted().length === 2);
    await onB.until(() => onB.posted().length === 2);
    expect(onA.posted()).toEqual(['x-1', 'x-2']);
    expect(onB.posted()).toEqual(['x-1', 'x-2']);
    const feed = await b.st.events.read({ limit: 1000 });
    const ids = onB.events.filter((e) => e.event === 'movement.posted').map((e) => e.id);
    expect(ids).toEqual(feed.filter((e) => e.type === 'movement.posted').slice(-2).map((e) => e.cursor));
    onA.close();
    onB.close();
  });

  it('a screen that reconnects with Last-Event-ID (or ?lastEventId=) gets exactly the events it missed', async () => {
    const first = await openStream(b);
    await first.until(() => first.events.some((e) => e.event === 'ready'));
    await receipt(a, 'y-1');
    await first.until(() => first.posted().includes('y-1'));
    const lastId = first.events.filter((e) => e.event === 'movement.posted').at(-1)!.id!;
    first.close();
    // Missed while disconnected, written through the other instance.
    await receipt(a, 'y-2');
    await receipt(b, 'y-3');
    await receipt(a, 'y-4');
    const resumed = await openStream(b, { 'last-event-id': lastId });
    await resumed.until(() => resumed.posted().length === 3);
    await receipt(a, 'y-5');
    await resumed.until(() => resumed.posted().length === 4);
    expect(resumed.posted()).toEqual(['y-2', 'y-3', 'y-4', 'y-5']);
    const byQuery = await openStream(a, {}, `?lastEventId=${encodeURIComponent(lastId)}`);
    await byQuery.until(() => byQuery.posted().length === 4);
    expect(byQuery.posted()).toEqual(['y-2', 'y-3', 'y-4', 'y-5']);
    // Nothing arrives twice, and nothing more than what was missed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.posted()).toHaveLength(4);
    expect(byQuery.posted()).toHaveLength(4);
    resumed.close();
    byQuery.close();
  });

  it('a Last-Event-ID this feed never gave is refused with 400 invalid_cursor, and takes no stream slot', async () => {
    for (const bad of ['not-a-cursor', '999999999.1']) {
      const stream = await openStream(a, { 'last-event-id': bad });
      expect(stream.response.status).toBe(400);
      expect(await stream.response.json()).toMatchObject({ code: 'invalid_cursor', path: ['Last-Event-ID'] });
    }
    const byQuery = await openStream(a, {}, '?lastEventId=1.2.3');
    expect([byQuery.response.status, ((await byQuery.response.json()) as { path: string[] }).path]).toEqual([400, ['lastEventId']]);
  });
});
