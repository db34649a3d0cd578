/**
 * Names and versioned DDL of the PostgreSQL schema. The SQL lives in TypeScript string constants
 * so it ships inside the bundle; every identifier is quoted and built from the schema name and
 * table prefix the caller chose.
 *
 * @internal
 * @module
 */
import { StocktakeError } from '../../errors.js';

/** Where the tables live: a schema and an optional table prefix. */
export interface PostgresNaming {
  /** The schema, e.g. `stocktake`. */
  readonly schema: string;
  /** A prefix for every table, function and constraint name, e.g. `st_`; empty by default. */
  readonly tablePrefix: string;
}

/** The logical tables, mapped once to their SQL names. */
const TABLES = {
  migrations: 'migrations',
  counters: 'counters',
  items: 'items',
  locations: 'locations',
  custodians: 'custodian_assignments',
  movements: 'movements',
  postings: 'postings',
  balances: 'balances',
  sessions: 'sessions',
  snapshots: 'snapshot_lines',
  entries: 'entries',
  marks: 'location_marks',
  countRecords: 'count_records',
  locationRecords: 'location_records',
  postedLines: 'posted_lines',
  exceptions: 'exceptions',
  audit: 'audit_events',
  unitCosts: 'item_costs',
  feed: 'feed_events',
} as const;

/** A logical table name. */
export type TableName = keyof typeof TABLES;

/** Every name the SQL uses, already quoted and qualified. */
export interface SqlNames {
  readonly naming: PostgresNaming;
  /** `"schema"` */
  readonly schema: string;
  /** `"schema"."prefix_table"` per logical table. */
  readonly table: Readonly<Record<TableName, string>>;
  /** The unqualified, unquoted name of a table (for constraint and index names). */
  readonly bare: (name: string) => string;
  /** `"schema"."prefix_fn"` for a function. */
  readonly fn: (name: string) => string;
  /** A text literal that namespaces advisory lock ids to this schema and prefix. */
  readonly lockNamespace: string;
}

const MAX_IDENTIFIER_BYTES = 63;
// The longest table, index or constraint name the migrations create (a test keeps this true).
const LONGEST_SUFFIX = 'count_records_counted_at_idx';

/**
 * Quotes an SQL identifier: wraps it in double quotes and doubles any inside.
 *
 * @internal
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes an SQL text literal.
 *
 * @internal
 */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Checks the naming options and builds every quoted name once.
 *
 * @internal
 */
export function sqlNames(naming: PostgresNaming): SqlNames {
  const bytes = (value: string) => new TextEncoder().encode(value).length;
  const bad = { test: (value: string) => value.includes('\u0000') };
  if (naming.schema.length === 0 || bytes(naming.schema) > MAX_IDENTIFIER_BYTES || bad.test(naming.schema)) {
    throw new StocktakeError('invalid_input', `Schema name "${naming.schema}" must be 1 to 63 bytes without NUL`, {
      path: ['schema'],
    });
  }
  if (bytes(naming.tablePrefix + LONGEST_SUFFIX) > MAX_IDENTIFIER_BYTES || bad.test(naming.tablePrefix)) {
    throw new StocktakeError(
      'invalid_input',
      `Table prefix "${naming.tablePrefix}" is too long: names must stay within 63 bytes`,
      { path: ['tablePrefix'] },
    );
  }
  const schema = quoteIdent(naming.schema);
  const bare = (name: string) => `${naming.tablePrefix}${name}`;
  const table = Object.fromEntries(
    Object.entries(TABLES).map(([key, name]) => [key, `${schema}.${quoteIdent(bare(name))}`]),
  ) as Record<TableName, string>;
  return {
    naming,
    schema,
    table,
    bare,
    fn: (name) => `${schema}.${quoteIdent(bare(name))}`,
    lockNamespace: quoteLiteral(`stocktake\u001f${naming.schema}\u001f${naming.tablePrefix}\u001f`),
  };
}

/** One versioned migration. */
export interface Migration {
  /** Applied in increasing order, recorded in the migrations table. */
  readonly version: number;
  /** What it does. */
  readonly name: string;
  /** The DDL for a given schema and prefix. */
  readonly sql: (names: SqlNames) => string;
}

/** A text column that compares byte-wise, so `LIKE`/range prefix scans use the b-tree and order matches JavaScript's. */
const ID = 'text COLLATE "C"';

/**
 * The schema's history. Never edit a released migration: append a new one.
 *
 * @internal
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger, catalog, count sessions and audit log',
    sql: ({ table: t, bare, fn }) => `
CREATE TABLE ${t.counters} (
  name ${ID} NOT NULL,
  value bigint NOT NULL,
  CONSTRAINT ${quoteIdent(bare('counters_pkey'))} PRIMARY KEY (name)
);

CREATE TABLE ${t.items} (
  sku ${ID} NOT NULL,
  base_uom text NOT NULL,
  tracking text NOT NULL,
  abc_class text,
  doc jsonb NOT NULL,
  CONSTRAINT ${quoteIdent(bare('items_pkey'))} PRIMARY KEY (sku)
);

CREATE TABLE ${t.locations} (
  id ${ID} NOT NULL,
  name text,
  kind text,
  CONSTRAINT ${quoteIdent(bare('locations_pkey'))} PRIMARY KEY (id)
);

CREATE TABLE ${t.custodians} (
  seq bigint NOT NULL,
  location ${ID} NOT NULL,
  custodians jsonb NOT NULL,
  from_at timestamptz NOT NULL,
  actor text NOT NULL,
  recorded_at timestamptz NOT NULL,
  CONSTRAINT ${quoteIdent(bare('custodian_assignments_pkey'))} PRIMARY KEY (seq)
);

CREATE TABLE ${t.movements} (
  id ${ID} NOT NULL,
  seq bigint NOT NULL,
  kind text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  actor text NOT NULL,
  reference text,
  reason text,
  reason_code text,
  override_reason text,
  session_id ${ID},
  fingerprint text NOT NULL,
  lines jsonb NOT NULL,
  CONSTRAINT ${quoteIdent(bare('movements_pkey'))} PRIMARY KEY (id),
  CONSTRAINT ${quoteIdent(bare('movements_seq_key'))} UNIQUE (seq)
);
CREATE INDEX ${quoteIdent(bare('movements_occurred_at_idx'))} ON ${t.movements} (occurred_at);
CREATE INDEX ${quoteIdent(bare('movements_session_idx'))} ON ${t.movements} (session_id) WHERE session_id IS NOT NULL;

CREATE TABLE ${t.postings} (
  movement_id ${ID} NOT NULL,
  posting_index integer NOT NULL,
  line_index integer NOT NULL,
  seq bigint NOT NULL,
  sku ${ID} NOT NULL,
  location ${ID} NOT NULL,
  lot ${ID} NOT NULL DEFAULT '',
  serial ${ID} NOT NULL DEFAULT '',
  delta numeric NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  kind text NOT NULL,
  actor text NOT NULL,
  CONSTRAINT ${quoteIdent(bare('postings_pkey'))} PRIMARY KEY (movement_id, posting_index),
  CONSTRAINT ${quoteIdent(bare('postings_movement_fkey'))} FOREIGN KEY (movement_id) REFERENCES ${t.movements} (id)
);
CREATE INDEX ${quoteIdent(bare('postings_key_time_idx'))} ON ${t.postings} (sku, location, lot, serial, occurred_at) INCLUDE (delta);
CREATE INDEX ${quoteIdent(bare('postings_location_time_idx'))} ON ${t.postings} (location, occurred_at);
CREATE INDEX ${quoteIdent(bare('postings_recorded_at_idx'))} ON ${t.postings} (recorded_at);
CREATE INDEX ${quoteIdent(bare('postings_occurred_at_idx'))} ON ${t.postings} (occurred_at, location);

CREATE TABLE ${t.balances} (
  sku ${ID} NOT NULL,
  location ${ID} NOT NULL,
  lot ${ID} NOT NULL DEFAULT '',
  serial ${ID} NOT NULL DEFAULT '',
  qty numeric NOT NULL,
  version bigint NOT NULL,
  CONSTRAINT ${quoteIdent(bare('balances_pkey'))} PRIMARY KEY (sku, location, lot, serial)
);
CREATE INDEX ${quoteIdent(bare('balances_location_idx'))} ON ${t.balances} (location, sku);

CREATE TABLE ${t.sessions} (
  id ${ID} NOT NULL,
  version integer NOT NULL,
  state text NOT NULL,
  opened_at timestamptz NOT NULL,
  doc jsonb NOT NULL,
  CONSTRAINT ${quoteIdent(bare('sessions_pkey'))} PRIMARY KEY (id)
);
CREATE INDEX ${quoteIdent(bare('sessions_state_idx'))} ON ${t.sessions} (state, opened_at);

CREATE TABLE ${t.snapshots} (
  session_id ${ID} NOT NULL,
  sku ${ID} NOT NULL,
  location ${ID} NOT NULL,
  lot ${ID} NOT NULL DEFAULT '',
  serial ${ID} NOT NULL DEFAULT '',
  qty numeric NOT NULL,
  CONSTRAINT ${quoteIdent(bare('snapshot_lines_pkey'))} PRIMARY KEY (session_id, sku, location, lot, serial)
);

CREATE TABLE ${t.entries} (
  session_id ${ID} NOT NULL,
  entry_id ${ID} NOT NULL,
  seq integer NOT NULL,
  kind text NOT NULL,
  counted_at timestamptz NOT NULL,
  counter text NOT NULL,
  sku ${ID},
  location ${ID},
  lot ${ID},
  serial ${ID},
  qty numeric,
  doc jsonb NOT NULL,
  CONSTRAINT ${quoteIdent(bare('entries_pkey'))} PRIMARY KEY (session_id, entry_id),
  CONSTRAINT ${quoteIdent(bare('entries_seq_key'))} UNIQUE (session_id, seq)
);
CREATE INDEX ${quoteIdent(bare('entries_location_idx'))} ON ${t.entries} (session_id, location, seq);

CREATE TABLE ${t.marks} (
  id bigint GENERATED ALWAYS AS IDENTITY,
  session_id ${ID} NOT NULL,
  location ${ID} NOT NULL,
  round integer NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  reason text,
  CONSTRAINT ${quoteIdent(bare('location_marks_pkey'))} PRIMARY KEY (id)
);
CREATE INDEX ${quoteIdent(bare('location_marks_session_idx'))} ON ${t.marks} (session_id, id);
CREATE INDEX ${quoteIdent(bare('location_marks_location_idx'))} ON ${t.marks} (session_id, location, round);

CREATE TABLE ${t.countRecords} (
  id bigint GENERATED ALWAYS AS IDENTITY,
  session_id ${ID} NOT NULL,
  sku ${ID} NOT NULL,
  location ${ID} NOT NULL,
  lot ${ID} NOT NULL DEFAULT '',
  serial ${ID} NOT NULL DEFAULT '',
  counted_at timestamptz NOT NULL,
  qty numeric NOT NULL,
  variance numeric NOT NULL,
  movement_id ${ID},
  posted_at timestamptz NOT NULL,
  CONSTRAINT ${quoteIdent(bare('count_records_pkey'))} PRIMARY KEY (id)
);
CREATE INDEX ${quoteIdent(bare('count_records_key_idx'))} ON ${t.countRecords} (sku, location, lot, serial, counted_at);
CREATE INDEX ${quoteIdent(bare('count_records_counted_at_idx'))} ON ${t.countRecords} (counted_at);

CREATE TABLE ${t.exceptions} (
  id ${ID} NOT NULL,
  kind text NOT NULL,
  movement_id ${ID} NOT NULL,
  status text NOT NULL,
  raised_at timestamptz NOT NULL,
  doc jsonb NOT NULL,
  CONSTRAINT ${quoteIdent(bare('exceptions_pkey'))} PRIMARY KEY (id)
);
CREATE INDEX ${quoteIdent(bare('exceptions_status_idx'))} ON ${t.exceptions} (status, raised_at);

CREATE TABLE ${t.audit} (
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  subject text NOT NULL,
  data json NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT ${quoteIdent(bare('audit_events_pkey'))} PRIMARY KEY (seq)
);

CREATE FUNCTION ${fn('audit_events_append_only')}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'stocktake: the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER ${quoteIdent(bare('audit_events_no_change'))} BEFORE UPDATE OR DELETE ON ${t.audit}
  FOR EACH ROW EXECUTE FUNCTION ${fn('audit_events_append_only')}();
CREATE TRIGGER ${quoteIdent(bare('audit_events_no_truncate'))} BEFORE TRUNCATE ON ${t.audit}
  FOR EACH STATEMENT EXECUTE FUNCTION ${fn('audit_events_append_only')}();

`,
  },
  {
    version: 2,
    name: 'balances know when they last changed; serial lookups; location count records and posted review lines',
    sql: ({ table: t, bare }) => `
ALTER TABLE ${t.balances} ADD COLUMN last_occurred_at timestamptz;
UPDATE ${t.balances} b SET last_occurred_at = coalesce(
  (SELECT max(p.occurred_at) FROM ${t.postings} p
    WHERE p.sku = b.sku AND p.location = b.location AND p.lot = b.lot AND p.serial = b.serial),
  '1000-01-01T00:00:00Z');
ALTER TABLE ${t.balances} ALTER COLUMN last_occurred_at SET NOT NULL;
CREATE INDEX ${quoteIdent(bare('balances_serial_idx'))} ON ${t.balances} (sku, serial) WHERE serial <> '';
CREATE INDEX ${quoteIdent(bare('entries_serial_idx'))} ON ${t.entries} (session_id, sku, serial) WHERE serial IS NOT NULL;

CREATE TABLE ${t.locationRecords} (
  id bigint GENERATED ALWAYS AS IDENTITY,
  session_id ${ID} NOT NULL,
  location ${ID} NOT NULL,
  counted_at timestamptz NOT NULL,
  items jsonb,
  posted_at timestamptz NOT NULL,
  CONSTRAINT ${quoteIdent(bare('location_records_pkey'))} PRIMARY KEY (id)
);
CREATE INDEX ${quoteIdent(bare('location_records_idx'))} ON ${t.locationRecords} (location, counted_at);

CREATE TABLE ${t.postedLines} (
  session_id ${ID} NOT NULL,
  line_index integer NOT NULL,
  doc jsonb NOT NULL,
  CONSTRAINT ${quoteIdent(bare('posted_lines_pkey'))} PRIMARY KEY (session_id, line_index)
);
`,
  },
  {
    version: 3,
    name: 'movements by sku or location in sequence order',
    sql: ({ table: t, bare }) => `
CREATE INDEX IF NOT EXISTS ${quoteIdent(bare('postings_sku_seq_idx'))} ON ${t.postings} (sku, seq);
CREATE INDEX IF NOT EXISTS ${quoteIdent(bare('postings_location_seq_idx'))} ON ${t.postings} (location, seq);
`,
  },
  {
    version: 4,
    name: 'item cost history with effective times',
    sql: ({ table: t, bare }) => `
CREATE TABLE ${t.unitCosts} (
  seq bigint NOT NULL,
  sku ${ID} NOT NULL,
  unit_cost numeric NOT NULL,
  from_at timestamptz NOT NULL,
  actor text NOT NULL,
  recorded_at timestamptz NOT NULL,
  CONSTRAINT ${quoteIdent(bare('item_costs_pkey'))} PRIMARY KEY (seq)
);
CREATE INDEX ${quoteIdent(bare('item_costs_sku_idx'))} ON ${t.unitCosts} (sku, from_at, seq);
`,
  },
  {
    version: 5,
    name: 'each key\'s last movement other than a count adjustment',
    // lastMovementsAsOf (metrics' slow and dead stock) reads each key's latest posting that is not
    // a count adjustment backwards on this index, without visiting the table for the kind.
    sql: ({ table: t, bare }) => `
CREATE INDEX IF NOT EXISTS ${quoteIdent(bare('postings_key_moved_idx'))} ON ${t.postings} (sku, location, lot, serial, occurred_at)
  WHERE kind <> 'count_adjustment';
`,
  },
  {
    version: 6,
    name: 'the event feed (transactional outbox), ordered by transaction id and sequence',
    // Why (xid, seq) and not a commit-ordered sequence: see feed-sql.ts. The event is json, not
    // jsonb, so it reads back byte for byte as it was written.
    sql: ({ table: t, bare }) => `
CREATE TABLE ${t.feed} (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  id ${ID} NOT NULL,
  type text NOT NULL,
  at timestamptz NOT NULL,
  event json NOT NULL,
  CONSTRAINT ${quoteIdent(bare('feed_events_pkey'))} PRIMARY KEY (seq),
  CONSTRAINT ${quoteIdent(bare('feed_events_id_key'))} UNIQUE (id)
);
CREATE INDEX ${quoteIdent(bare('feed_events_order_idx'))} ON ${t.feed} (xid, seq);
`,
  },
  {
    // Depends on none of version 6's content (the feed).
    version: 7,
    name: 'writes partitioned by warehouse: sequences for movements and audit events, one audit chain per partition',
    // Sequences instead of the gapless counter row, which every writer would wait for: numbers
    // stay unique and increasing in commit order within a partition, with gaps after rollbacks.
    // Owned by their columns, so they go with the tables (and TRUNCATE … RESTART IDENTITY resets them).
    sql: ({ table: t, bare, fn }) => `
CREATE SEQUENCE IF NOT EXISTS ${fn('movements_seq_gen')} AS bigint OWNED BY ${t.movements}.seq;
SELECT setval(${quoteLiteral(fn('movements_seq_gen'))},
  greatest(coalesce((SELECT value FROM ${t.counters} WHERE name = 'movements'), 0), coalesce((SELECT max(seq) FROM ${t.movements}), 0)) + 1, false);
CREATE SEQUENCE IF NOT EXISTS ${fn('audit_events_seq_gen')} AS bigint OWNED BY ${t.audit}.seq;
SELECT setval(${quoteLiteral(fn('audit_events_seq_gen'))}, coalesce((SELECT max(seq) FROM ${t.audit}), 0) + 1, false);
ALTER TABLE ${t.audit} ADD COLUMN IF NOT EXISTS chain ${ID} NOT NULL DEFAULT '';
CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(bare('audit_events_chain_seq_key'))} ON ${t.audit} (chain, seq);
`,
  },
];

/** The newest schema version this build knows. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
