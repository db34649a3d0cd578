/**
 * The offline queue: every command goes into IndexedDB first and is sent when the service answers.
 * Entries keep the ids the scan pipeline gave them (`scan:<eventId>`), so a batch that reached the
 * service but whose answer was lost is resent harmlessly: the service answers `exists`.
 */
import type { ScanCountEntry, ScanEntrySink } from 'stocktake/scanner';
import { ApiError, Unreachable, type Api, type Problem } from './api.js';
import type { Store } from './idb.js';

/** A queued command. */
export type OutboxRow =
  | { seq?: number; sessionId: string; eventId: string; kind: 'entry'; entry: ScanCountEntry }
  | { seq?: number; sessionId: string; eventId: string; kind: 'void'; entryId: string; target: string; reason: string };

/** What became of a queued command once the service answered. */
export interface Delivery {
  readonly eventId: string;
  readonly kind: OutboxRow['kind'];
  /** `sent`: stored (or stored before); `rejected`: the service refused it and will keep refusing. */
  readonly outcome: 'sent' | 'rejected';
  readonly problem?: Problem;
}

const BATCH = 100;

export class Outbox {
  private lock: Promise<unknown> = Promise.resolve();
  /** Whether the last attempt reached the service. */
  reachable = true;

  constructor(
    private readonly store: Store,
    private readonly api: Api,
    private readonly onDelivery: (delivery: Delivery) => void,
    private readonly onChange: () => void,
  ) {}

  /** Runs work after everything queued before it (sending, undoing), one at a time. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.lock.then(work, work);
    this.lock = next.catch(() => undefined);
    return next;
  }

  /**
   * The scan pipeline's sink: an entry is queued and sent by {@link flush}; a void (the
   * pipeline's undo) takes the entry back if it is still queued, else is queued after it.
   */
  sink(): ScanEntrySink {
    return {
      record: async (sessionId, entry) => {
        const eventId = entry.source?.eventId ?? entry.entryId;
        await this.exclusive(async () => {
          const queued = await this.store.getAll<OutboxRow>('outbox', 'eventId', eventId);
          if (!queued.some((row) => row.kind === 'entry')) await this.store.put('outbox', { sessionId, eventId, kind: 'entry', entry });
        });
        this.onChange();
        return { queued: true };
      },
      voidEntry: async (sessionId, input) => {
        const eventId = input.target.replace(/^scan:/, '');
        if (await this.takeBack(eventId)) return { takenBack: true };
        await this.exclusive(() => this.store.put('outbox', { sessionId, eventId, kind: 'void', entryId: input.entryId, target: input.target, reason: input.reason }));
        this.onChange();
        void this.flush();
        return { queued: true };
      },
    };
  }

  /**
   * Takes a queued entry back before it was sent.
   *
   * @returns true when it was still queued (nothing reached the service)
   */
  private async takeBack(eventId: string): Promise<boolean> {
    const taken = await this.exclusive(async () => {
      const rows = await this.store.getAll<OutboxRow>('outbox', 'eventId', eventId);
      const entry = rows.find((row) => row.kind === 'entry');
      if (entry?.seq === undefined) return false;
      await this.store.delete('outbox', entry.seq);
      return true;
    });
    if (taken) this.onChange();
    return taken;
  }

  /** How many commands wait. */
  pending(): Promise<number> {
    return this.store.count('outbox');
  }

  /** Sends everything queued, in order, until the queue is empty or the service stops answering. */
  flush(): Promise<void> {
    return this.exclusive(async () => {
      try {
        for (;;) {
          const rows = await this.store.getAll<OutboxRow>('outbox');
          const first = rows[0];
          if (first === undefined) break;
          if (first.kind === 'void') {
            await this.sendVoid(first);
            continue;
          }
          const run: Array<OutboxRow & { kind: 'entry' }> = [];
          for (const row of rows) {
            if (row.kind !== 'entry' || row.sessionId !== first.sessionId || run.length === BATCH) break;
            run.push(row);
          }
          await this.sendEntries(first.sessionId, run);
        }
        this.reachable = true;
      } catch (error) {
        if (!(error instanceof Unreachable)) throw error;
        this.reachable = false;
      } finally {
        this.onChange();
      }
    });
  }

  private async sendEntries(sessionId: string, rows: Array<OutboxRow & { kind: 'entry' }>): Promise<void> {
    let results;
    try {
      results = await this.api.recordEntries(sessionId, rows.map((row) => row.entry));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // The whole batch was refused (e.g. the session is gone): report every entry.
      results = rows.map((_, index) => ({ index, result: 'error' as const, ...(error.problem === undefined ? {} : { problem: error.problem }) }));
    }
    this.reachable = true;
    for (const result of results) {
      const row = rows[result.index];
      if (row === undefined) continue;
      await this.store.delete('outbox', row.seq!);
      const sent = result.result === 'created' || result.result === 'exists';
      this.onDelivery({ eventId: row.eventId, kind: 'entry', outcome: sent ? 'sent' : 'rejected', ...(result.problem === undefined ? {} : { problem: result.problem }) });
    }
  }

  private async sendVoid(row: OutboxRow & { kind: 'void' }): Promise<void> {
    let problem: Problem | undefined;
    try {
      await this.api.voidEntry(row.sessionId, { entryId: row.entryId, target: row.target, reason: row.reason });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      problem = error.problem;
    }
    this.reachable = true;
    await this.store.delete('outbox', row.seq!);
    this.onDelivery({ eventId: row.eventId, kind: 'void', outcome: problem === undefined ? 'sent' : 'rejected', ...(problem === undefined ? {} : { problem }) });
  }
}
