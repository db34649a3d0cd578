/**
 * The storage conformance rules of audit.
 *
 * @internal
 * @module
 */
import { auditEvent, isDeepFrozen, tryToChange } from './fixtures.js';
import type { SuiteContext } from './suite-context.js';

/** Registers the rules of audit. @internal */
export function registerAuditConformance({ raw, describe, it, expect, concurrency, tx }: SuiteContext): void {
  describe('audit log', () => {
    it('audit log is append-only: events chain from 1 without gaps and list in order', async () => {
      for (let seq = 1; seq <= 12; seq++) {
        await tx(async (t) => {
          const last = await t.lastAuditEvent();
          expect(last?.seq ?? 0).toBe(seq - 1);
          await t.appendAuditEvents([auditEvent(seq, { nested: { list: [1, 'two', null, true], text: 'ü “quoted”', big: 1e21, small: 0.1 } })]);
        });
      }
      expect((await tx((t) => t.lastAuditEvent()))?.seq).toBe(12);
      expect(await tx((t) => t.listAuditEvents({ afterSeq: 9 }))).toEqual([10, 11, 12].map((seq) => auditEvent(seq, { nested: { list: [1, 'two', null, true], text: 'ü “quoted”', big: 1e21, small: 0.1 } })));
      expect((await tx((t) => t.listAuditEvents({ afterSeq: 2, limit: 3 }))).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect((await tx((t) => t.listAuditEvents())).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      const rows = (await raw.auditEvents()).sort((a, b) => a.seq - b.seq);
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(rows[11]).toEqual({ seq: 12, prevHash: auditEvent(12).prevHash, hash: auditEvent(12).hash });
    });

    it('appendAuditEvents refuses a sequence number that is not the last one plus one', async () => {
      await tx((t) => t.appendAuditEvents([auditEvent(1)]));
      await expect(tx((t) => t.appendAuditEvents([auditEvent(3)]))).rejects.toThrow();
      await expect(tx((t) => t.appendAuditEvents([auditEvent(1)]))).rejects.toThrow();
      expect((await raw.auditEvents()).map((e) => e.seq)).toEqual([1]);
      expect(await tx((t) => t.lastAuditEvent())).toEqual(auditEvent(1));
    });

    it('appendAuditEvents appends a batch in order, or nothing when it does not follow on or skips a number', async () => {
      await tx((t) => t.appendAuditEvents([auditEvent(1), auditEvent(2), auditEvent(3)]));
      await expect(tx((t) => t.appendAuditEvents([auditEvent(4), auditEvent(6)]))).rejects.toThrow();
      await expect(tx((t) => t.appendAuditEvents([auditEvent(5), auditEvent(6)]))).rejects.toThrow();
      await tx((t) => t.appendAuditEvents([]));
      expect((await raw.auditEvents()).map((e) => e.seq).sort((a, b) => a - b)).toEqual([1, 2, 3]);
      expect(await tx((t) => t.listAuditEvents())).toEqual([1, 2, 3].map((seq) => auditEvent(seq)));
    });

    it('concurrent appenders to the audit log each get the next number: no gap, no duplicate', async () => {
      await Promise.all(
        Array.from({ length: concurrency }, () =>
          tx(async (t) => {
            const last = await t.lastAuditEvent();
            await t.appendAuditEvents([auditEvent((last?.seq ?? 0) + 1)]);
          }),
        ),
      );
      expect((await raw.auditEvents()).map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: concurrency }, (_, i) => i + 1));
    });

    it('audit events read back are frozen copies: changing what was appended, or trying to change what was read, leaves the log as it was', async () => {
      const data = () => ({ nested: { list: [1, 'two'], text: 'kept' } });
      const given = [auditEvent(1, data()), auditEvent(2, data())];
      await tx((t) => t.appendAuditEvents(given));
      // The caller keeps its objects and changes them after the append.
      (given[0]!.data as ReturnType<typeof data>).nested.list.push(3);
      (given[1] as { actor: string }).actor = 'mallory';
      const listed = await tx((t) => t.listAuditEvents());
      const last = await tx((t) => t.lastAuditEvent());
      for (const event of [...listed, last]) {
        expect(isDeepFrozen(event), `event ${event?.seq} is deeply frozen`).toBe(true);
        // Frozen: assignments throw (module code is strict); whatever happens, the log must not change.
        tryToChange(() => ((event as { hash: string }).hash = '0'.repeat(64)));
        tryToChange(() => ((event!.data as ReturnType<typeof data>).nested.list[0] = 99));
        tryToChange(() => ((event!.data as ReturnType<typeof data>).nested.text = 'changed'));
      }
      expect(await tx((t) => t.listAuditEvents())).toEqual([auditEvent(1, data()), auditEvent(2, data())]);
      expect((await raw.auditEvents()).sort((a, b) => a.seq - b.seq)).toEqual(
        [1, 2].map((seq) => ({ seq, prevHash: auditEvent(seq).prevHash, hash: auditEvent(seq).hash })),
      );
    });

    if (raw.tamperAuditEvent) {
      const tamper = raw.tamperAuditEvent.bind(raw);
      it('the store itself refuses to change or delete an audit event', async () => {
        await tx((t) => t.appendAuditEvents([auditEvent(1)]));
        expect(await tamper(1)).toEqual({ update: 'rejected', delete: 'rejected' });
        expect(await raw.auditEvents()).toEqual([{ seq: 1, prevHash: auditEvent(1).prevHash, hash: auditEvent(1).hash }]);
      });
    }
  });
}
