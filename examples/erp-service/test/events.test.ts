import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventTokens } from '../event-tokens.js';
import { seedCatalog, signToken, startService, type RunningService } from './service.js';

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
  it('needs a token: none, an access token in the query, an expired or foreign event token, or a counter\'s all get no stream', async () => {
    const status = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${service.url}${path}`, init);
      await response.body?.cancel();
      return response.status;
    };
    expect(await status('/events')).toBe(401);
    // Only event tokens go in the query: an access token there would sit in logs for its whole life.
    expect(await status(`/events?access_token=${await signToken('zhao', ['supervisor'])}`)).toBe(401);
    const other = createEventTokens({ secret: 'another-service-secret-0123456789abcdef' });
    expect(await status(`/events?access_token=${(await other.issue({ actor: 'zhao', roles: ['supervisor'] })).token}`)).toBe(401);
    const shortLived = createEventTokens({ ttlSeconds: 1 });
    const expiring = await startService({ eventTokens: shortLived });
    try {
      const { token } = await shortLived.issue({ actor: 'zhao', roles: ['supervisor'] });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const late = await fetch(`${expiring.url}/events?access_token=${token}`);
      expect([late.status, late.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="stocktake", error="invalid_token"']);
    } finally {
      await expiring.close();
    }
    // An event token opens nothing else.
    const { token } = (await (await service.call('POST', '/events/tokens', { actor: 'zhao', body: {} })).json()) as { token: string };
    expect(await status('/items', { headers: { authorization: `Bearer ${token}` } })).toBe(401);
    expect(await status(`/items?access_token=${token}`)).toBe(401);
    // Events carry book quantities: counters neither get a token nor open the stream.
    expect((await service.call('POST', '/events/tokens', { actor: 'ana', body: {} })).status).toBe(403);
    expect(await status('/events', { headers: { authorization: `Bearer ${await signToken('ana', ['counter'])}` } })).toBe(403);
  });

  it('caps event streams per user (429) and over the service (503 with Retry-After), and frees a slot when a stream closes', async () => {
    const capped = await startService({ limits: { maxEventStreams: 2, maxEventStreamsPerActor: 1 } });
    const open = async (actor: string) => {
      const controller = new AbortController();
      const response = await fetch(`${capped.url}/events`, { headers: { authorization: `Bearer ${await signToken(actor, ['supervisor'])}` }, signal: controller.signal });
      return { response, close: () => controller.abort() };
    };
    try {
      const first = await open('zhao');
      expect(first.response.status).toBe(200);
      const again = await open('zhao');
      expect([again.response.status, ((await again.response.json()) as { code: string }).code]).toEqual([429, 'too_many_streams']);
      const second = await open('li');
      expect(second.response.status).toBe(200);
      const full = await open('olga');
      expect([full.response.status, full.response.headers.get('retry-after')]).toEqual([503, '5']);
      await full.response.body?.cancel();
      first.close();
      // The slot is given back once the server sees the stream closed.
      let reopened = await open('olga');
      for (let attempt = 0; reopened.response.status !== 200 && attempt < 50; attempt++) {
        await reopened.response.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 100));
        reopened = await open('olga');
      }
      expect(reopened.response.status).toBe(200);
      second.close();
      reopened.close();
    } finally {
      await capped.close();
    }
  });

  it('streams movement.posted and count.variance to every subscriber, and keep-alives', async () => {
    const controller = new AbortController();
    // A browser's EventSource sends no headers: it opens the stream with a short-lived event token
    // in the query. A fetch-based client may send its bearer token instead.
    const issued = await service.call('POST', '/events/tokens', { actor: 'zhao', body: {} });
    expect(issued.status).toBe(201);
    const { token, expiresIn } = (await issued.json()) as { token: string; expiresIn: number };
    expect(expiresIn).toBe(60);
    const [a, b] = await Promise.all([
      fetch(`${service.url}/events?access_token=${token}`, { signal: controller.signal }),
      fetch(`${service.url}/events`, { headers: { authorization: `Bearer ${await signToken('li', ['supervisor'])}` }, signal: controller.signal }),
    ]);
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
    expect(first.events.find((e) => e.event === 'movement.posted')!.data).not.toHaveProperty('movement.fingerprint');

    // A count that finds 4 instead of 10 raises a variance when the review closes the round.
    const opened = await service.call('POST', '/counts', { body: { id: 'CS-sse', scope: { locations: ['WH1/A/01'] }, counters: ['ana', 'wang'] }, actor: 'zhao' });
    expect(opened.status).toBe(201);
    const countedAt = new Date().toISOString();
    await service.call('POST', '/counts/CS-sse/entries', { actor: 'ana', body: { entries: [{ entryId: 'e1', sku: 'WIDGET', location: 'WH1/A/01', qty: '4', countedAt }] } });
    await service.call('POST', `/counts/CS-sse/locations/${encodeURIComponent('WH1/A/01')}/complete`, { actor: 'ana', body: {} });
    const review = (await (await service.call('POST', '/counts/CS-sse/close-round', { actor: 'zhao', body: {} })).json()) as { lines: Array<{ status: string }> };
    expect(review.lines[0]!.status).toBe('recount');
    await first.until(() => first.events.some((e) => e.event === 'count.variance'));
    const variance = first.events.find((e) => e.event === 'count.variance')!;
    expect(variance.data).toMatchObject({ sessionId: 'CS-sse', line: { sku: 'WIDGET', location: 'WH1/A/01', expected: '10', counted: '4', variance: '-6' } });
    await second.until(() => second.events.some((e) => e.event === 'count.variance'));
    // Each event's id is its feed cursor, in feed order.
    const cursors = (await service.st.events.read({ limit: 1000 })).map((e) => e.cursor);
    const ids = first.events.filter((e) => e.event !== 'ready').map((e) => e.id!);
    expect(ids.map((id) => cursors.indexOf(id))).toEqual([...ids.map((id) => cursors.indexOf(id))].sort((x, y) => x - y));
    expect(ids.every((id) => cursors.includes(id))).toBe(true);
    await first.until(() => first.comments() > 0, 2000);
    controller.abort();
    await first.cancel().catch(() => undefined);
    await second.cancel().catch(() => undefined);
  });
});
