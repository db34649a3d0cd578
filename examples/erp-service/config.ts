/**
 * The service's configuration from environment variables, in one place: authentication, event
 * tokens, CORS, limits and timeouts. `main.ts` reads it; see the README for every variable.
 */
import { authenticateFromEnv, type Authenticate } from './auth.js';
import { createEventTokens, type EventTokens } from './event-tokens.js';
import type { CorsOptions, ServiceLimits } from './security.js';
import type { ServerTimeouts } from './server.js';

/** Everything `main.ts` needs besides the storage. */
export interface ServiceConfig {
  readonly authenticate: Authenticate;
  /** How callers authenticate, for the start-up log. */
  readonly authentication: string;
  readonly eventTokens: EventTokens;
  readonly cors?: CorsOptions;
  readonly limits: Partial<ServiceLimits>;
  readonly timeouts: Partial<ServerTimeouts>;
}

/** Environment variables holding a whole number, by the setting they fill. */
const LIMITS = {
  maxBodyBytes: 'ERP_MAX_BODY_BYTES',
  maxUrlLength: 'ERP_MAX_URL_LENGTH',
  maxEventStreams: 'ERP_MAX_EVENT_STREAMS',
  maxEventStreamsPerActor: 'ERP_MAX_EVENT_STREAMS_PER_ACTOR',
} as const satisfies Record<keyof ServiceLimits, string>;
const TIMEOUTS = {
  headersTimeoutMs: 'ERP_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'ERP_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'ERP_KEEP_ALIVE_TIMEOUT_MS',
  checkIntervalMs: 'ERP_TIMEOUT_CHECK_INTERVAL_MS',
} as const satisfies Record<keyof ServerTimeouts, string>;

/**
 * Reads the configuration; a variable that is set but malformed stops the start with a message
 * naming it, rather than running with a limit nobody chose.
 *
 * @param env - the environment
 * @returns the configuration
 */
export function configFromEnv(env: Record<string, string | undefined>): ServiceConfig {
  const { authenticate, description } = authenticateFromEnv(env);
  const origins = (env['ERP_CORS_ORIGINS'] ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  const secret = env['ERP_EVENT_TOKEN_SECRET'];
  return {
    authenticate,
    authentication: description,
    eventTokens: createEventTokens(secret === undefined || secret === '' ? {} : { secret }),
    ...(origins.length === 0 ? {} : { cors: { origins } }),
    limits: wholeNumbers(env, LIMITS),
    timeouts: wholeNumbers(env, TIMEOUTS),
  };
}

function wholeNumbers<K extends string>(env: Record<string, string | undefined>, names: Record<K, string>): Partial<Record<K, number>> {
  const values: Partial<Record<K, number>> = {};
  for (const [setting, name] of Object.entries(names) as Array<[K, string]>) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0 (got "${raw}")`);
    values[setting] = value;
  }
  return values;
}
