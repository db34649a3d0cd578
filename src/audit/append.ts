import type { StorageTransaction } from '../storage/adapter.js';
import type { Instant } from '../time.js';
import { GENESIS_HASH, hashAuditEvent } from './hash.js';
import type { AuditEvent } from './types.js';

/** What a command records in the audit log. */
export interface AuditRecord {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly data: unknown;
}

/**
 * Appends one event to the hash chain inside the command's transaction, so the log and the
 * change it records commit together or not at all.
 *
 * @internal
 */
export async function appendAudit(tx: StorageTransaction, at: Instant, record: AuditRecord): Promise<AuditEvent> {
  const last = await tx.lastAuditEvent();
  const body = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actor: record.actor,
    action: record.action,
    subject: record.subject,
    data: JSON.parse(JSON.stringify(record.data ?? null)) as unknown,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const event: AuditEvent = { ...body, hash: await hashAuditEvent(body) };
  await tx.appendAuditEvent(event);
  return event;
}
