/**
 * The edge of the service: body and URL limits, JSON-only commands, private-data headers,
 * preflights and CORS, and timeouts for clients that send slowly.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, startService, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService({ limits: { maxBodyBytes: 2048 }, timeouts: { headersTimeoutMs: 500, requestTimeoutMs: 1000, checkIntervalMs: 100 }, heartbeatMs: 100 });
});
afterAll(async () => service.close());

async function problemOf(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:stocktake:error:${code}` });
  return body;
}

const location = (name: string) => ({ kind: 'bin', name });

/** Sends raw bytes over TCP and resolves with what the server answered before it closed the connection, and when. */
function raw(port: number, chunks: readonly string[]): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
    socket.setEncoding('utf8');
    socket.on('data', (data) => (answer += data));
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
    socket.on('error', reject);
    setTimeout(() => socket.destroy(new Error(`no close after 10 s; got ${JSON.stringify(answer)}`)), 10_000);
  });
}

describe('request limits', () => {
  it('refuses a body over the limit with 413, whether it declares its length or streams it, and stores nothing', async () => {
    const big = { ...location('x'.repeat(3000)) };
    await problemOf(await service.call('PUT', '/locations/WH1', { body: big }), 413, 'body_too_large');
    const bytes = new TextEncoder().encode(JSON.stringify(big));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 512) controller.enqueue(bytes.slice(i, i + 512));
        controller.close();
      },
    });
    const chunked = await fetch(`${service.url}/locations/WH1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await signToken('li', ['supervisor'])}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await problemOf(chunked, 413, 'body_too_large');
    expect((await service.call('GET', '/locations', { actor: 'li' }).then((r) => r.json())) as unknown[]).toEqual([]);
    expect((await service.call('PUT', '/locations/WH1', { body: location('small') })).status).toBe(200);
  });

  it('answers 415 to a command whose body is not application/json (UTF-8)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=iso-8859-1']) {
      const response = await service.call('PUT', '/locations/WH2', { body: location('a'), headers: { 'content-type': type } });
      const problem = await problemOf(response, 415, 'unsupported_media_type');
      expect(problem['errorType']).toBe('limit');
    }
    // A body with no Content-Type at all (fetch sends none for bytes).
    const none = await fetch(`${service.url}/locations/WH2`, { method: 'PUT', headers: { authorization: `Bearer ${await signToken('li', ['supervisor'])}` }, body: new Uint8Array(new TextEncoder().encode('{}')) });
    await problemOf(none, 415, 'unsupported_media_type');
    expect((await service.call('PUT', '/locations/WH2', { body: location('b'), headers: { 'content-type': 'Application/JSON; charset=UTF-8' } })).status).toBe(200);
  });

  it('answers 414 problem+json to a URL over the limit', async () => {
    const long = await service.call('GET', `/items?${'a'.repeat(5000)}`);
    const problem = await problemOf(long, 414, 'url_too_long');
    expect(problem['details']).toEqual({ limit: 4096 });
  });
});

describe('response headers', () => {
  it('sends nosniff on every answer and no-store on everything private, errors included', async () => {
    for (const [path, actor] of [['/items', 'li'], ['/items', null], ['/nowhere', 'li'], ['/counts/NOPE', 'li']] as const) {
      const response = await service.call('GET', path, { actor });
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    const health = await service.call('GET', '/health', { actor: null });
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('cache-control')).toBeNull();
  });
});

describe('preflights and CORS', () => {
  const preflight = (target: RunningService, path: string, origin: string, headers = 'authorization, content-type') =>
    fetch(`${target.url}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });

  it('CORS is off by default: a preflight is answered 204 with Allow and no Access-Control headers, and an unknown path 404', async () => {
    const answer = await preflight(service, '/movements', 'https://erp.example');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('allow')).toBe('GET, POST, OPTIONS');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(service, `/locations/${encodeURIComponent('WH1/A/01')}`, 'https://erp.example')).headers.get('allow')).toBe('GET, PUT, OPTIONS');
    await problemOf(await preflight(service, '/nowhere', 'https://erp.example'), 404, 'route_not_found');
    const actual = await service.call('GET', '/items', { headers: { origin: 'https://erp.example' } });
    expect(actual.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with configured origins, a listed origin gets the methods, the headers it asked for that the API reads, and a max age; others get nothing', async () => {
    const open = await startService({ cors: { origins: ['https://erp.example'], maxAgeSeconds: 300 } });
    try {
      const answer = await preflight(open, '/counts/CS-1/approve', 'https://erp.example', 'Authorization, Content-Type, X-Evil');
      expect(answer.status).toBe(204);
      expect(Object.fromEntries([...answer.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'))).toEqual({
        'access-control-allow-origin': 'https://erp.example',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '300',
        vary: 'Origin',
      });
      const other = await preflight(open, '/counts/CS-1/approve', 'https://evil.example');
      expect(other.status).toBe(204);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const actual = await open.call('GET', '/items', { headers: { origin: 'https://erp.example' } });
      expect([actual.headers.get('access-control-allow-origin'), actual.headers.get('vary')]).toEqual(['https://erp.example', 'Origin']);
      expect(actual.headers.get('access-control-expose-headers')).toContain('idempotent-replayed');
      expect((await open.call('GET', '/items', { headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await open.close();
    }
  });
});

describe('slow clients', () => {
  it('closes a connection whose headers do not arrive in time with 408', async () => {
    const { answer, ms } = await raw(service.port, ['GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n']);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(5000);
  });

  it('closes a request whose body does not arrive in time with 408, and stores nothing', async () => {
    const token = await signToken('li', ['supervisor']);
    const head = `PUT /locations/SLOW HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const { answer, ms } = await raw(service.port, [head, '{"kind":']);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(5000);
    expect((await service.call('GET', '/locations/SLOW')).status).toBe(404);
  });

  it('an open event stream is not a slow request: it outlives the request timeout', async () => {
    const controller = new AbortController();
    const response = await fetch(`${service.url}/events`, { headers: { authorization: `Bearer ${await signToken('zhao', ['supervisor'])}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const started = Date.now();
    let text = '';
    while (Date.now() - started < 1800) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
    expect(text.split(': keep-alive').length - 1).toBeGreaterThan(5);
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});
