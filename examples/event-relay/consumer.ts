/**
 * An ERP consumer of the relayed stream: it applies count adjustments (the `count_adjustment`
 * movements of `movement.posted` events) to the ERP's own stock table exactly once. JetStream
 * delivers at least once (a message not acknowledged before a crash comes again), so the consumer
 * records each event id in the same transaction as its effect and skips an id it has seen.
 */
import { AckPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { FeedEvent } from 'stocktake';
import type { Queryable } from './relay.js';

/** A `pg` Pool, or anything that checks out a client for a transaction. */
export interface TransactionalDb extends Queryable {
  connect(): Promise<Queryable & { release(): void }>;
}

/** The ERP's tables: its stock per sku and location, and the events it applied. */
export async function ensureErpTables(db: Queryable, schema: string): Promise<void> {
  const s = `"${schema.replaceAll('"', '""')}"`;
  await db.query(`CREATE TABLE IF NOT EXISTS ${s}.erp_stock (sku text, location text, qty numeric NOT NULL, PRIMARY KEY (sku, location))`);
  await db.query(`CREATE TABLE IF NOT EXISTS ${s}.erp_applied_events (event_id text PRIMARY KEY, movement_id text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
}

/**
 * Applies one relayed event: a count adjustment changes `erp_stock` and records the event id, in
 * one transaction; an id already recorded changes nothing.
 *
 * @returns `applied`, `duplicate` or `ignored` (not a count adjustment)
 */
export async function applyEvent(db: TransactionalDb, schema: string, feedEvent: FeedEvent): Promise<'applied' | 'duplicate' | 'ignored'> {
  if (feedEvent.type !== 'movement.posted' || feedEvent.event.movement.kind !== 'count_adjustment') return 'ignored';
  const s = `"${schema.replaceAll('"', '""')}"`;
  const { movement } = feedEvent.event;
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `INSERT INTO ${s}.erp_applied_events (event_id, movement_id) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [feedEvent.id, movement.id],
    );
    if (rows.length === 0) {
      await client.query('ROLLBACK');
      return 'duplicate';
    }
    for (const line of movement.lines) {
      for (const [location, sign] of [
        [line.to, ''],
        [line.from, '-'],
      ] as const) {
        if (location === undefined) continue;
        await client.query(
          `INSERT INTO ${s}.erp_stock (sku, location, qty) VALUES ($1, $2, $3::numeric)
           ON CONFLICT (sku, location) DO UPDATE SET qty = ${s}.erp_stock.qty + excluded.qty`,
          [line.sku, location, `${sign}${line.qty}`],
        );
      }
    }
    await client.query('COMMIT');
    return 'applied';
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Creates the ERP's durable consumer on the stream (explicit acknowledgements). */
export async function ensureErpConsumer(jsm: JetStreamManager, stream: string, durable: string): Promise<void> {
  await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit });
}

/**
 * Pulls what the stream holds for the consumer and applies it, acknowledging each message after
 * its effect committed, until a fetch comes back empty.
 *
 * @returns what happened to each message, in delivery order
 */
export async function drainErpConsumer(
  js: JetStreamClient,
  db: TransactionalDb,
  schema: string,
  stream: string,
  durable: string,
): Promise<Array<{ readonly id: string; readonly outcome: 'applied' | 'duplicate' | 'ignored' }>> {
  const consumer = await js.consumers.get(stream, durable);
  const outcomes: Array<{ id: string; outcome: 'applied' | 'duplicate' | 'ignored' }> = [];
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 200, expires: 1_000 });
    let got = 0;
    for await (const message of batch) {
      got += 1;
      const feedEvent = message.json<FeedEvent>();
      outcomes.push({ id: feedEvent.id, outcome: await applyEvent(db, schema, feedEvent) });
      await message.ackAck();
    }
    if (got === 0) return outcomes;
  }
}
