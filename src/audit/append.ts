import type { StorageTransaction } from '../storage/adapter.js';
import type { Instant } from '../time.js';
import { canonicalJson } from '../canonical.js';
import { auditEventText, GENESIS_HASH, hashText } from './hash.js';
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
  // The stored data is the JSON the hash covers (no undefined, no Dates), read back from that text.
  const dataText = canonicalJson(record.data ?? null);
  const body = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actor: record.actor,
    action: record.action,
    subject: record.subject,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = await hashText(auditEventText(body, dataText));
  const event: AuditEvent = { seq: body.seq, at, actor: body.actor, action: body.action, subject: body.subject, prevHash: body.prevHash, data: JSON.parse(dataText) as unknown, hash };
  await tx.appendAuditEvent(event);
  return event;
}
