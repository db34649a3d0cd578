/**
 * The conformance suite on the in-memory adapter. The memory store has no view other than the
 * adapter, so its raw reader reads through separate read-only transactions of the same adapter.
 */
import * as vitest from 'vitest';
import { createMemoryStorage } from '../../src/storage/memory/index.js';
import type { StorageAdapter } from '../../src/storage/adapter.js';
import { runStorageConformance, type StorageConformanceRaw } from '../../src/testing/conformance/index.js';

let storage: StorageAdapter = createMemoryStorage();
const read = <T>(work: Parameters<StorageAdapter['transaction']>[0]) => storage.transaction(work, { readOnly: true }) as Promise<T>;

const raw: StorageConformanceRaw = {
  movements: () =>
    read(async (tx) =>
      (await tx.listMovements({})).map((m) => ({ id: m.id, seq: m.seq, kind: m.kind, fingerprint: m.fingerprint, occurredAt: m.occurredAt, lineCount: m.lines.length })),
    ),
  postings: () =>
    read(async (tx) =>
      (await tx.listPostings({})).map((p) => ({
        movementId: p.movementId,
        lineIndex: p.lineIndex,
        sku: p.key.sku,
        location: p.key.location,
        lot: p.key.lot ?? null,
        serial: p.key.serial ?? null,
        delta: p.delta,
        occurredAt: p.occurredAt,
      })),
    ),
  balances: () =>
    read(async (tx) =>
      (await tx.listBalances({ includeZero: true })).map((b) => ({
        sku: b.key.sku,
        location: b.key.location,
        lot: b.key.lot ?? null,
        serial: b.key.serial ?? null,
        qty: b.qty,
        version: b.version,
      })),
    ),
  sessions: () => read(async (tx) => (await tx.listSessions()).map((s) => ({ id: s.id, version: s.version, state: s.state }))),
  entries: () =>
    read(async (tx) => {
      const sessionIds = new Set([...(await tx.listSessions()).map((s) => s.id), ...knownSessionIds]);
      const entries = await Promise.all([...sessionIds].map((id) => tx.listEntries(id)));
      return entries.flat().map((e) => ({ sessionId: e.sessionId, entryId: e.entryId, seq: e.seq }));
    }),
  auditEvents: () => read(async (tx) => (await tx.listAuditEvents()).map((e) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash }))),
  rowCounts: () =>
    read(async (tx) => {
      const sessions = await tx.listSessions();
      const ids = new Set([...sessions.map((s) => s.id), ...knownSessionIds]);
      let snapshotLines = 0;
      let entries = 0;
      let locationMarks = 0;
      let postedLines = 0;
      for (const id of ids) {
        snapshotLines += (await tx.listSnapshot(id)).length;
        entries += (await tx.listEntries(id)).length;
        locationMarks += (await tx.listLocationMarks(id)).length;
        postedLines += (await tx.listPostedLines(id)).length;
      }
      const locations = (await tx.listLocations()).map((location) => location.id);
      return {
        items: (await tx.listItems()).length,
        locations: (await tx.listLocations()).length,
        custodianAssignments: (await tx.listCustodianAssignments()).length,
        movements: (await tx.listMovements({})).length,
        postings: (await tx.listPostings({})).length,
        balances: (await tx.listBalances({ includeZero: true })).length,
        sessions: sessions.length,
        snapshotLines,
        entries,
        locationMarks,
        countRecords: (await tx.listCountRecords()).length,
        locationCountRecords: (await tx.listLocationCountRecords({ locations })).length,
        postedLines,
        exceptions: (await tx.listExceptions()).length,
        auditEvents: (await tx.listAuditEvents()).length,
      };
    }),
};

/** Session ids the suite uses without storing a session (the memory store cannot list them otherwise). */
const knownSessionIds = ['cs-1', 'cs-2', 'cs-x'];

runStorageConformance({
  vitest,
  name: 'memory',
  createStorage: () => storage,
  reset: async () => {
    storage = createMemoryStorage();
  },
  raw,
  propertyRuns: 200,
});
