/**
 * Short-lived tokens for `GET /events`. A browser's `EventSource` cannot send an `Authorization`
 * header, so the page asks `POST /events/tokens` (with its bearer token) for a token that only
 * opens the event stream, lives a minute, and goes in the query: `/events?access_token=…`. A
 * URL with it that ends up in a log or a history is useless soon after, and never grants more
 * than reading the events.
 */
import { jwtVerify, SignJWT } from 'jose';
import { principalOf, type Principal } from './auth.js';

/** The audience of an event token: nothing else accepts it, and it is accepted nowhere else. */
const AUDIENCE = 'erp-service:events';

/** Options of {@link createEventTokens}. */
export interface EventTokenOptions {
  /**
   * The HMAC key the service signs event tokens with, at least 32 bytes. A random one per process
   * when omitted: set the same one on every instance behind a load balancer, so a token issued by
   * one opens a stream on another.
   */
  readonly secret?: string;
  /** How long a token opens a stream, in seconds; 60 by default. */
  readonly ttlSeconds?: number;
}

/** Issues and verifies event tokens. */
export interface EventTokens {
  /** A token that lets `principal` open the event stream for the next `expiresIn` seconds. */
  issue(principal: Principal): Promise<{ readonly token: string; readonly expiresIn: number }>;
  /** The principal of a valid, unexpired event token, else `undefined`. */
  verify(token: string): Promise<Principal | undefined>;
}

/**
 * Creates the event token issuer of one service.
 *
 * @param options - the signing secret and the lifetime
 * @returns the issuer
 */
export function createEventTokens(options: EventTokenOptions = {}): EventTokens {
  const key = options.secret === undefined ? globalThis.crypto.getRandomValues(new Uint8Array(32)) : new TextEncoder().encode(options.secret);
  if (key.byteLength < 32) throw new Error('The event token secret must be at least 32 bytes');
  const ttlSeconds = options.ttlSeconds ?? 60;
  return {
    async issue(principal) {
      const token = await new SignJWT({ roles: [...principal.roles] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(principal.actor)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], audience: AUDIENCE, requiredClaims: ['exp', 'sub'] });
        return principalOf(payload);
      } catch {
        return undefined;
      }
    },
  };
}
