/**
 * Authentication and roles: signed bearer tokens by default, roles mapped to the engine's
 * authorize hook, and the gateway headers only when explicitly chosen.
 */
import { generateKeyPair, exportSPKI, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateFromEnv, jwtAuthenticate } from '../auth.js';
import { configFromEnv } from '../config.js';
import { seedCatalog, signToken, startService, TEST_SECRET, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService();
  await seedCatalog(service);
});
afterAll(async () => service.close());

async function problemOf(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body['code']).toBe(code);
  return body;
}

const bearer = (token: string) => ({ actor: null, headers: { authorization: `Bearer ${token}` } });

describe('bearer tokens (the default)', () => {
  it('refuses a missing, malformed, expired, wrongly signed or unsigned token with 401 and WWW-Authenticate', async () => {
    const missing = await service.call('GET', '/items', { actor: null });
    await problemOf(missing, 401, 'unauthenticated');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="stocktake"');
    const expired = await signToken('li', ['supervisor'], { expiresIn: '-1m' });
    const forged = await signToken('li', ['supervisor'], { secret: 'someone-elses-secret-0123456789abcdef' });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'li', roles: ['supervisor'], exp: 4e9 })).toString('base64url')}.`;
    const noExpiry = await new SignJWT({ roles: ['supervisor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('li').sign(new TextEncoder().encode(TEST_SECRET));
    const badActor = await signToken('x'.repeat(201), ['supervisor']);
    for (const token of [expired, forged, unsigned, noExpiry, badActor, 'not-a-jwt']) {
      const response = await service.call('GET', '/items', bearer(token));
      await problemOf(response, 401, 'unauthenticated');
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="stocktake", error="invalid_token"');
    }
    expect((await service.call('GET', '/items', bearer(await signToken('li', ['supervisor'])))).status).toBe(200);
  });

  it('ignores X-Actor: the token says who calls, so a header cannot make anyone else', async () => {
    const posted = await service.call('POST', '/movements', {
      actor: 'li',
      headers: { 'x-actor': 'zhao', 'x-roles': 'approver' },
      body: { id: 'rcv-who', kind: 'receipt', occurredAt: '2026-03-02T07:00:00.000Z', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '10' }] },
    });
    expect(posted.status).toBe(201);
    expect(((await posted.json()) as { movement: { actor: string } }).movement.actor).toBe('li');
    // Without a token the header alone authenticates nobody.
    await problemOf(await service.call('GET', '/items', { actor: null, headers: { 'x-actor': 'zhao' } }), 401, 'unauthenticated');
  });

  it('a counter cannot approve: not with a changed header, not by naming the approver in the body, not with a forged role', async () => {
    const opened = await service.call('POST', '/counts', { actor: 'zhao', body: { id: 'CS-ROLE', scope: { locations: ['WH1/A/01'] }, counters: ['ana'], tolerance: { qty: '100' } } });
    expect(opened.status).toBe(201);
    const countedAt = new Date().toISOString();
    await service.call('POST', '/counts/CS-ROLE/entries', { actor: 'ana', body: { entries: [{ entryId: 'r1', sku: 'WIDGET', location: 'WH1/A/01', qty: '9', countedAt }] } });
    expect((await service.call('POST', `/counts/CS-ROLE/locations/${encodeURIComponent('WH1/A/01')}/complete`, { actor: 'ana', body: {} })).status).toBe(200);
    expect((await service.call('GET', '/counts/CS-ROLE/review', { actor: 'zhao' })).status).toBe(200);
    await problemOf(await service.call('POST', '/counts/CS-ROLE/close-round', { actor: 'ana', body: {} }), 403, 'not_authorized');
    expect((await service.call('POST', '/counts/CS-ROLE/close-round', { actor: 'zhao', body: {} })).status).toBe(200);

    await problemOf(await service.call('POST', '/counts/CS-ROLE/approve', { actor: 'ana', headers: { 'x-actor': 'zhao', 'x-roles': 'approver' }, body: {} }), 403, 'not_authorized');
    await problemOf(await service.call('POST', '/counts/CS-ROLE/approve', { actor: 'ana', body: { actor: 'zhao' } }), 403, 'not_authorized');
    const forgedApprover = await signToken('ana', ['counter', 'approver'], { secret: 'someone-elses-secret-0123456789abcdef' });
    await problemOf(await service.call('POST', '/counts/CS-ROLE/approve', { ...bearer(forgedApprover), body: {} }), 401, 'unauthenticated');
    // A counter does not read the book either: a blind count stays blind.
    await problemOf(await service.call('GET', '/on-hand?sku=WIDGET&location=WH1/A/01', { actor: 'ana' }), 403, 'not_authorized');
    await problemOf(await service.call('GET', '/counts/CS-ROLE/review', { actor: 'ana' }), 403, 'not_authorized');
    expect(((await (await service.call('GET', '/counts/CS-ROLE', { actor: 'zhao' })).json()) as { state: string }).state).toBe('reviewing');

    // An approver who is no supervisor can approve: the role, not the name, decides.
    const approved = await service.call('POST', '/counts/CS-ROLE/approve', { actor: 'olga', roles: ['approver'], body: {} });
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { approval: { actor: string } }).approval.actor).toBe('olga');
  });

  it('roles come from the token: a supervisor without the counter role cannot record entries, an approver without supervisor cannot open a count', async () => {
    const opened = await service.call('POST', '/counts', { actor: 'olga', roles: ['approver'], body: { scope: { locations: ['WH1/B/01'] } } });
    await problemOf(opened, 403, 'not_authorized');
    const session = await service.call('POST', '/counts', { actor: 'zhao', body: { id: 'CS-ROLE-2', scope: { locations: ['WH1/B/01'] }, counters: ['zhao'] } });
    expect(session.status).toBe(201);
    const batch = await service.call('POST', '/counts/CS-ROLE-2/entries', {
      actor: 'zhao',
      body: { entries: [{ entryId: 'z1', sku: 'WIDGET', location: 'WH1/B/01', qty: '1', countedAt: new Date().toISOString() }] },
    });
    const { results } = (await batch.json()) as { results: Array<{ result: string; problem?: { code: string } }> };
    expect(results.map((r) => [r.result, r.problem?.code])).toEqual([['error', 'not_authorized']]);
    await problemOf(await service.call('PUT', '/items/NEW', { actor: 'ana', body: { baseUom: 'ea' } }), 403, 'not_authorized');
  });

  it('verifies tokens signed with a public key (RS256) and checks issuer and audience when configured', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const authenticate = jwtAuthenticate({ publicKey: await exportSPKI(publicKey), algorithm: 'RS256', issuer: 'https://idp.example', audience: 'stocktake' });
    const sign = (claims: { iss?: string; aud?: string }) => {
      const jwt = new SignJWT({ roles: 'counter supervisor' }).setProtectedHeader({ alg: 'RS256' }).setSubject('li').setExpirationTime('5m');
      if (claims.iss !== undefined) jwt.setIssuer(claims.iss);
      if (claims.aud !== undefined) jwt.setAudience(claims.aud);
      return jwt.sign(privateKey);
    };
    const request = async (token: string) => authenticate(new Request('http://x/items', { headers: { authorization: `Bearer ${token}` } }));
    expect(await request(await sign({ iss: 'https://idp.example', aud: 'stocktake' }))).toEqual({ actor: 'li', roles: ['counter', 'supervisor'] });
    expect(await request(await sign({ iss: 'https://other.example', aud: 'stocktake' }))).toBeUndefined();
    expect(await request(await sign({ iss: 'https://idp.example', aud: 'billing' }))).toBeUndefined();
    // An HMAC token made with the public key as the secret (the classic confusion) is refused.
    const confused = await new SignJWT({ roles: ['supervisor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('li')
      .setIssuer('https://idp.example')
      .setAudience('stocktake')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(await exportSPKI(publicKey)));
    expect(await request(confused)).toBeUndefined();
  });
});

describe('configuration', () => {
  it('refuses to start without authentication, and trusts gateway headers only with ERP_TRUST_GATEWAY_HEADERS=true', async () => {
    expect(() => configFromEnv({})).toThrow(/No authentication configured/);
    expect(() => authenticateFromEnv({ ERP_JWT_SECRET: 'short' })).toThrow(/at least 32 bytes/);
    expect(() => configFromEnv({ ERP_JWT_SECRET: TEST_SECRET, ERP_MAX_BODY_BYTES: 'lots' })).toThrow(/ERP_MAX_BODY_BYTES/);
    const headers = new Request('http://x/', { headers: { 'x-actor': 'zhao', 'x-roles': 'approver, supervisor, root' } });
    const jwt = configFromEnv({ ERP_JWT_SECRET: TEST_SECRET, ERP_TRUST_GATEWAY_HEADERS: 'yes' });
    expect(await jwt.authenticate(headers)).toBeUndefined();
    const gateway = configFromEnv({ ERP_TRUST_GATEWAY_HEADERS: 'true', ERP_CORS_ORIGINS: 'https://erp.example, https://wms.example', ERP_MAX_BODY_BYTES: '65536', ERP_REQUEST_TIMEOUT_MS: '5000' });
    expect(await gateway.authenticate(headers)).toEqual({ actor: 'zhao', roles: ['supervisor', 'approver'] });
    expect(gateway.cors).toEqual({ origins: ['https://erp.example', 'https://wms.example'] });
    expect([gateway.limits, gateway.timeouts]).toEqual([{ maxBodyBytes: 65536 }, { requestTimeoutMs: 5000 }]);
  });

  it('behind a gateway the service takes X-Actor and X-Roles, and still refuses a request without them', async () => {
    const behind = await startService({ auth: 'gateway' });
    try {
      await problemOf(await behind.call('GET', '/items', { actor: null }), 401, 'unauthenticated');
      expect((await behind.call('PUT', '/locations/WH9', { actor: 'li', body: {} })).status).toBe(200);
      await problemOf(await behind.call('PUT', '/locations/WH8', { actor: 'ana', body: {} }), 403, 'not_authorized');
    } finally {
      await behind.close();
    }
  });
});
