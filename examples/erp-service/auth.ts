/**
 * Who is calling: signed bearer tokens (JWT, verified with `jose`) by default, or the identity
 * headers of a trusted gateway when that is explicitly chosen.
 *
 * A token names the user in `sub` and their roles in a claim (`roles` by default): `counter`,
 * `supervisor`, `approver`. Keys come from configuration: a shared HMAC secret (HS256), a public
 * key in PEM (RS256, ES256, EdDSA, …) or the URL of the identity provider's JWKS.
 */
import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { idSchema } from 'stocktake';

/** What a user may do in a count: the roles a token or a gateway grants. */
export const ROLES = ['counter', 'supervisor', 'approver'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** An authenticated caller: the actor id stocktake records, and their roles. */
export interface Principal {
  readonly actor: string;
  readonly roles: readonly Role[];
}

/**
 * Tells who is calling: the principal, or `undefined` to answer 401. Plug the ERP's own
 * authentication in here when neither tokens nor a gateway fit.
 */
export type Authenticate = (request: Request) => Principal | undefined | Promise<Principal | undefined>;

/** Where the keys that sign the tokens come from, and what a token must say. */
export interface JwtAuthOptions {
  /** A shared HMAC secret (HS256, HS384, HS512), at least 32 bytes. */
  readonly secret?: string;
  /** A public key in PEM (`-----BEGIN PUBLIC KEY-----`), with its `algorithm`. */
  readonly publicKey?: string;
  /** The algorithm of `publicKey`, e.g. `RS256`, `ES256`, `EdDSA`. */
  readonly algorithm?: string;
  /** The identity provider's JSON Web Key Set, e.g. `https://idp.example/.well-known/jwks.json`. */
  readonly jwksUrl?: string;
  /** The `iss` every token must carry, when set. */
  readonly issuer?: string;
  /** The `aud` every token must carry, when set. */
  readonly audience?: string;
  /** The claim holding the roles (an array, or a space-separated string); `roles` by default. */
  readonly rolesClaim?: string;
  /** Seconds of clock difference tolerated on `exp` and `nbf`; 30 by default. */
  readonly clockToleranceSeconds?: number;
}

/** The HMAC algorithms a shared secret may sign with. */
const HMAC = ['HS256', 'HS384', 'HS512'];

/**
 * The principal of a verified token's claims: `sub` must be a valid stocktake id; unknown roles
 * are ignored, so a token from a provider with more roles grants only these.
 */
export function principalOf(payload: JWTPayload, rolesClaim = 'roles'): Principal | undefined {
  if (typeof payload.sub !== 'string' || !idSchema.safeParse(payload.sub).success) return undefined;
  const claim = payload[rolesClaim];
  const given = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(' ') : [];
  return { actor: payload.sub, roles: ROLES.filter((role) => given.includes(role)) };
}

/** The bearer token of a request's `Authorization` header. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

/**
 * Verifies `Authorization: Bearer <JWT>`: signature, `exp` (required), `nbf`, and `iss`/`aud` when
 * configured. A missing, malformed, expired or wrongly signed token authenticates nobody.
 *
 * @param options - the key source and the claims to check
 * @returns the authenticate hook
 * @example
 * ```ts
 * createApp({ st, authenticate: jwtAuthenticate({ secret: process.env.ERP_JWT_SECRET }) });
 * ```
 */
export function jwtAuthenticate(options: JwtAuthOptions): Authenticate {
  const { key, algorithms } = keySource(options);
  const verifyOptions = {
    algorithms,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: options.clockToleranceSeconds ?? 30,
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
  };
  return async (request) => {
    const token = bearerToken(request);
    if (token === undefined) return undefined;
    try {
      const { payload } = await jwtVerify(token, await key, verifyOptions);
      return principalOf(payload, options.rolesClaim);
    } catch {
      return undefined;
    }
  };
}

type Key = Uint8Array | Awaited<ReturnType<typeof importSPKI>> | JWTVerifyGetKey;

function keySource(options: JwtAuthOptions): { key: Promise<Key>; algorithms: string[] } {
  const sources = [options.secret, options.publicKey, options.jwksUrl].filter((source) => source !== undefined);
  if (sources.length !== 1) throw new Error('JWT authentication needs exactly one of a secret, a public key or a JWKS URL');
  if (options.secret !== undefined) {
    const secret = new TextEncoder().encode(options.secret);
    if (secret.byteLength < 32) throw new Error('The JWT secret must be at least 32 bytes');
    return { key: Promise.resolve(secret), algorithms: HMAC };
  }
  if (options.publicKey !== undefined) {
    if (options.algorithm === undefined || HMAC.includes(options.algorithm)) throw new Error('A public key needs its asymmetric algorithm, e.g. RS256 or ES256');
    return { key: importSPKI(options.publicKey, options.algorithm), algorithms: [options.algorithm] };
  }
  const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(options.jwksUrl!));
  return { key: Promise.resolve(jwks), algorithms: options.algorithm === undefined ? ['RS256', 'ES256', 'EdDSA'] : [options.algorithm] };
}

/** Header names of {@link gatewayAuthenticate}. */
export interface GatewayOptions {
  /** The header carrying the user id; `x-actor` by default. */
  readonly actorHeader?: string;
  /** The header carrying the roles, comma-separated; `x-roles` by default. */
  readonly rolesHeader?: string;
}

/**
 * Trusts the identity headers a gateway sets after it authenticated the user. Only safe when the
 * service is reachable through that gateway alone and the gateway overwrites these headers on
 * every request; anyone who can reach the service directly can claim to be anybody.
 *
 * @param options - the header names
 * @returns the authenticate hook
 */
export function gatewayAuthenticate(options: GatewayOptions = {}): Authenticate {
  const actorHeader = options.actorHeader ?? 'x-actor';
  const rolesHeader = options.rolesHeader ?? 'x-roles';
  return (request) => {
    const actor = request.headers.get(actorHeader) ?? undefined;
    if (actor === undefined || !idSchema.safeParse(actor).success) return undefined;
    const given = (request.headers.get(rolesHeader) ?? '').split(',').map((role) => role.trim());
    return { actor, roles: ROLES.filter((role) => given.includes(role)) };
  };
}

/**
 * The authentication `main.ts` configures from the environment: JWT by default (one of
 * `ERP_JWT_SECRET`, `ERP_JWT_PUBLIC_KEY` with `ERP_JWT_ALGORITHM`, or `ERP_JWT_JWKS_URL`; optional
 * `ERP_JWT_ISSUER`, `ERP_JWT_AUDIENCE`, `ERP_JWT_ROLES_CLAIM`), or the gateway's headers when
 * `ERP_TRUST_GATEWAY_HEADERS=true`. Without either it refuses to start rather than trust anyone.
 *
 * @param env - the environment
 * @returns the hook and a line for the start-up log
 */
export function authenticateFromEnv(env: Record<string, string | undefined>): { authenticate: Authenticate; description: string } {
  if (env['ERP_TRUST_GATEWAY_HEADERS'] === 'true') {
    return { authenticate: gatewayAuthenticate(), description: 'gateway headers X-Actor and X-Roles (ERP_TRUST_GATEWAY_HEADERS=true)' };
  }
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const options: JwtAuthOptions = Object.fromEntries(
    Object.entries({
      secret: value('ERP_JWT_SECRET'),
      publicKey: value('ERP_JWT_PUBLIC_KEY'),
      algorithm: value('ERP_JWT_ALGORITHM'),
      jwksUrl: value('ERP_JWT_JWKS_URL'),
      issuer: value('ERP_JWT_ISSUER'),
      audience: value('ERP_JWT_AUDIENCE'),
      rolesClaim: value('ERP_JWT_ROLES_CLAIM'),
    }).filter(([, setting]) => setting !== undefined),
  );
  if (options.secret === undefined && options.publicKey === undefined && options.jwksUrl === undefined) {
    throw new Error('No authentication configured: set ERP_JWT_SECRET, ERP_JWT_PUBLIC_KEY (with ERP_JWT_ALGORITHM) or ERP_JWT_JWKS_URL, or ERP_TRUST_GATEWAY_HEADERS=true behind a gateway');
  }
  const source = options.jwksUrl ?? (options.publicKey === undefined ? 'a shared secret' : `a ${options.algorithm ?? ''} public key`);
  return { authenticate: jwtAuthenticate(options), description: `bearer JWTs verified with ${source}` };
}
