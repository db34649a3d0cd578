/**
 * What the PostgreSQL adapters use of their drivers, typed structurally: a `pg` Pool and its
 * clients, and a PGlite database and its transactions. The drivers' own types fit these shapes,
 * so `stocktake/postgres` type-checks with only the driver a project uses installed (a PGlite-only
 * project needs no `pg`, a `pg` one no PGlite).
 *
 * @module
 */

/** The part of a `pg` query result the adapter reads. */
export interface PgQueryResult {
  /** The rows. */
  readonly rows: unknown[];
  /** Rows affected; `null` for commands that report none. */
  readonly rowCount: number | null;
}

/** A statement as a `pg` query config. */
export interface PgQueryConfig {
  /** The prepared statement's name: the same name must always come with the same text on a connection. */
  readonly name?: string;
  /** The statement. */
  readonly text: string;
  /** Its parameters. */
  readonly values?: unknown[];
}

/** The part of a `pg` `PoolClient` the adapter uses (a `pg.PoolClient` fits it). */
export interface PgPoolClient {
  /** Runs one statement with positional parameters. */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /** Runs one statement given as a query config: with `name`, prepared once per connection and run by name after. */
  query(config: PgQueryConfig): Promise<PgQueryResult>;
  /** Hands the client back to its pool; with an error (or `true`) the pool discards it. */
  release(err?: Error | boolean): void;
  /** Listens for connection errors while the client is checked out. */
  on(event: 'error', listener: (err: Error) => void): unknown;
  /** Stops listening for connection errors. */
  off(event: 'error', listener: (err: Error) => void): unknown;
  /** Receives `NOTIFY` messages of the channels the client listens to (the event feed's wake-up). */
  on(event: 'notification', listener: (message: PgNotification) => void): unknown;
  /** Stops receiving `NOTIFY` messages. */
  off(event: 'notification', listener: (message: PgNotification) => void): unknown;
}

/** A `NOTIFY` message as `pg` delivers it. */
export interface PgNotification {
  /** The channel. */
  readonly channel: string;
  /** The payload; absent or empty when none was sent. */
  readonly payload?: string | undefined;
}

/** The part of a `pg` `Pool` the adapter uses (a `pg.Pool` fits it); the caller owns and ends it. */
export interface PgPool {
  /** Checks a client out of the pool. */
  connect(): Promise<PgPoolClient>;
  /** Listens for errors of idle clients (a dropped connection), which would otherwise crash the process. */
  on(event: 'error', listener: (err: Error, client: PgPoolClient) => void): unknown;
  /** Hears of each client as it is checked out, so its errors are listened for from its first moment. */
  on(event: 'acquire', listener: (client: PgPoolClient) => void): unknown;
}

/** The part of a PGlite query result the adapter reads. */
export interface PgliteQueryResult<T> {
  /** The rows. */
  readonly rows: T[];
  /** Rows affected by a write. */
  readonly affectedRows?: number;
}

/** The part of a PGlite `Transaction` the adapter uses. */
export interface PgliteTransaction {
  /** Runs one statement with positional parameters. */
  query<T>(text: string, params?: unknown[]): Promise<PgliteQueryResult<T>>;
  /** Runs statements without parameters. */
  exec(text: string): Promise<unknown>;
}

/** The part of a PGlite database the adapter uses (a `PGlite` instance fits it); the caller owns and closes it. */
export interface PgliteDatabase {
  /** Whether `close()` was called: a closed database answers every call with an error. */
  readonly closed: boolean;
  /** Runs a callback in one transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(callback: (tx: PgliteTransaction) => Promise<T>): Promise<T>;
  /** Listens to a channel; resolves to a function that stops (the event feed's wake-up; polled without it). */
  listen?(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}
