/**
 * The relay: follows a stocktake event feed and publishes every event to a NATS JetStream stream,
 * with the event id as the message id, storing its cursor only after the broker acknowledged.
 *
 * Why nothing is lost or duplicated downstream:
 * - the feed is durable and ordered: an event is stored in the transaction of the command that
 *   raised it, and reading after a cursor never skips one;
 * - the cursor is saved after JetStream acknowledged the message, so a relay that dies at any
 *   point resumes at or before the first event not yet stored by the broker (at least once);
 * - an event published again after such a restart carries the same `Nats-Msg-Id`, and JetStream
 *   drops it as a duplicate within the stream's duplicate window (exactly once in the stream).
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { FeedEvent, Stocktake } from 'stocktake';

/** What the relay needs of PostgreSQL: `pool.query` of `pg`. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Where the relay keeps its cursor: one row per relay name in a table of its own. */
export class CursorStore {
  private readonly table: string;

  constructor(
    private readonly db: Queryable,
    schema: string,
  ) {
    this.table = `"${schema.replaceAll('"', '""')}"."event_relay_cursors"`;
  }

  /** Creates the table if needed. */
  async ensure(): Promise<void> {
    await this.db.query(`CREATE TABLE IF NOT EXISTS ${this.table} (name text PRIMARY KEY, cursor text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  /** The cursor a relay saved last; `undefined` before its first event. */
  async load(name: string): Promise<string | undefined> {
    const { rows } = await this.db.query(`SELECT cursor FROM ${this.table} WHERE name = $1`, [name]);
    return rows[0] === undefined ? undefined : String(rows[0]['cursor']);
  }

  /** Saves a relay's cursor. */
  async save(name: string, cursor: string): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.table} (name, cursor) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = now()`,
      [name, cursor],
    );
  }
}

/** The subject of an event: the prefix, then its type (`stocktake.movement.posted`). */
export function subjectOf(prefix: string, feedEvent: FeedEvent): string {
  return `${prefix}.${feedEvent.type}`;
}

/** Creates the stream (subjects `<prefix>.>`) if it does not exist, with a duplicate window. */
export async function ensureStream(jsm: JetStreamManager, name: string, prefix: string, duplicateWindowMs = 120_000): Promise<void> {
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams.add({ name, subjects: [`${prefix}.>`], duplicate_window: nanos(duplicateWindowMs) });
  }
}

/** Options of {@link relayFeed}. */
export interface RelayOptions {
  readonly st: Stocktake;
  readonly js: JetStreamClient;
  readonly cursors: CursorStore;
  /** The relay's name: its cursor's key (one name per relay process that shares a store). */
  readonly name: string;
  /** The subject prefix, e.g. `stocktake`. */
  readonly prefix: string;
  /** The stream the subjects belong to: every acknowledgement must come from it. */
  readonly stream: string;
  /** Stops the relay after the event in hand. */
  readonly signal?: AbortSignal;
  /** Called after each event is acknowledged and its cursor saved. */
  readonly onRelayed?: (feedEvent: FeedEvent, duplicate: boolean) => void;
}

/**
 * Relays the feed until the signal aborts.
 *
 * @returns how many events were relayed (duplicates included)
 */
export async function relayFeed(options: RelayOptions): Promise<number> {
  const { st, js, cursors, name, prefix, stream, signal } = options;
  const after = await cursors.load(name);
  let relayed = 0;
  for await (const feedEvent of st.events.follow({ ...(after === undefined ? {} : { after }), ...(signal === undefined ? {} : { signal }) })) {
    const ack = await js.publish(subjectOf(prefix, feedEvent), JSON.stringify(feedEvent), { msgID: feedEvent.id });
    if (ack.stream !== stream) throw new Error(`subject ${subjectOf(prefix, feedEvent)} was stored by stream ${ack.stream}, not ${stream}`);
    // Only now: a crash before this line publishes the event again, and JetStream drops the copy.
    await cursors.save(name, feedEvent.cursor);
    relayed += 1;
    options.onRelayed?.(feedEvent, ack.duplicate);
  }
  return relayed;
}
