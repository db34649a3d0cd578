/**
 * The storage conformance rules of count sessions.
 *
 * @internal
 * @module
 */
import type { CountEntry, CountException, CountRecord, LocationMark } from '../../count/types.js';
import { compareStockKeys, stockKeyId } from '../../ledger/key.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import { T0, at, session, entry } from './fixtures.js';
import type { SuiteContext } from './suite-context.js';

/** Registers the rules of count sessions. @internal */
export function registerCountConformance({ raw, describe, it, expect, concurrency, tx }: SuiteContext): void {
  describe('count sessions', () => {
    it('insertSession stores version 1 and every field reads back as written', async () => {
      const full = session('cs-1', {
        tolerance: { qty: '2', percent: '5' },
        name: 'Zone A, March',
        scope: { locations: ['WH1/A'], skus: ['A'], abcClasses: ['A', 'B'], keys: [{ sku: 'A', location: 'WH1/A/01', lot: 'L' }] },
        decisions: { [stockKeyId({ sku: 'A', location: 'WH1/A/01' })]: [{ qty: '3', actor: 'zhao', at: T0, round: 1, note: 'seen' }] },
        approval: { actor: 'zhao', at: at(5), fingerprint: 'f', reasons: { k: 'shrinkage' } },
      });
      await tx((t) => t.insertSession(full));
      expect(await tx((t) => t.getSession('cs-1'))).toEqual(full);
      expect(await tx((t) => t.getSession('nope'))).toBeUndefined();
      expect(await raw.sessions()).toEqual([{ id: 'cs-1', version: 1, state: 'counting' }]);
    });

    it('updateSession refuses a stale version and writes nothing, and bumps the version when current', async () => {
      await tx((t) => t.insertSession(session('cs-1')));
      expect(await tx((t) => t.updateSession(session('cs-1', { state: 'reviewing', reviewStartedAt: at(1) }), 1))).toBe(true);
      expect(await raw.sessions()).toEqual([{ id: 'cs-1', version: 2, state: 'reviewing' }]);
      expect(await tx((t) => t.updateSession(session('cs-1', { state: 'cancelled' }), 1))).toBe(false);
      expect(await tx((t) => t.updateSession(session('nope', { state: 'cancelled' }), 1))).toBe(false);
      expect(await raw.sessions()).toEqual([{ id: 'cs-1', version: 2, state: 'reviewing' }]);
      expect(await tx((t) => t.getSession('cs-1'))).toEqual(session('cs-1', { state: 'reviewing', reviewStartedAt: at(1), version: 2 }));
    });

    it('two concurrent updates from the same version: exactly one wins', async () => {
      await tx((t) => t.insertSession(session('cs-1')));
      const outcomes = await Promise.all(
        Array.from({ length: concurrency }, (_, i) =>
          tx(async (t) => {
            const current = (await t.getSession('cs-1'))!;
            if (current.version !== 1) return false;
            return t.updateSession({ ...current, name: `writer ${i}` }, 1);
          }),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect((await raw.sessions())[0]?.version).toBe(2);
    });

    it('listSessions filters by state and orders by openedAt, then id', async () => {
      await tx((t) => t.insertSession(session('b', { openedAt: at(1) })));
      await tx((t) => t.insertSession(session('a', { openedAt: at(1), state: 'posted' })));
      await tx((t) => t.insertSession(session('c', { openedAt: at(0), state: 'draft' })));
      expect((await tx((t) => t.listSessions())).map((s) => s.id)).toEqual(['c', 'a', 'b']);
      expect((await tx((t) => t.listSessions({ states: ['counting', 'draft'] }))).map((s) => s.id)).toEqual(['c', 'b']);
      expect((await tx((t) => t.listSessions({ states: [] })))).toEqual([]);
    });

    it('a session snapshot is stored once and listed by key', async () => {
      const lines = [
        { key: { sku: 'B', location: 'WH1/A/01' }, qty: '1.5' },
        { key: { sku: 'A', location: 'WH1/A/02' }, qty: '0' },
        { key: { sku: 'A', location: 'WH1/A/01', lot: 'L' }, qty: '3' },
      ];
      await tx((t) => t.insertSnapshot('cs-1', lines));
      await tx((t) => t.insertSnapshot('cs-2', [{ key: { sku: 'Z', location: 'WH2' }, qty: '9' }]));
      expect(await tx((t) => t.listSnapshot('cs-1'))).toEqual([...lines].sort((a, b) => compareStockKeys(a.key, b.key)));
      expect(await tx((t) => t.listSnapshot('nope'))).toEqual([]);
      expect((await raw.rowCounts()).snapshotLines).toBe(4);
    });

    it('entries get per-session sequence numbers from 1 and read back as written', async () => {
      const stored: CountEntry[] = [];
      for (let i = 1; i <= 11; i++) stored.push(await tx((t) => t.insertEntry(entry('cs-1', `e-${i}`, { countedAt: at(i) }))));
      const other = await tx((t) => t.insertEntry(entry('cs-2', 'e-1')));
      const voiding = await tx((t) =>
        t.insertEntry({
          sessionId: 'cs-1',
          entryId: 'v-1',
          kind: 'void',
          target: 'e-1',
          reason: 'double scan',
          countedAt: at(20),
          counter: 'li',
          device: 'hh-7',
          taskId: 't1',
          round: 1,
          evidence: ['https://photos/1.jpg'],
          source: { eventId: 'ev-1', raw: ']C1010950600013437610LOT7', symbology: ']C1' },
          flags: ['outside_task'],
          recordedAt: at(20),
          fingerprint: 'fp:v-1',
        }),
      );
      expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(other.seq).toBe(1);
      expect(voiding.seq).toBe(12);
      expect(await tx((t) => t.listEntries('cs-1'))).toEqual([...stored, voiding]);
      expect(await tx((t) => t.getEntry('cs-1', 'v-1'))).toEqual(voiding);
      expect(await tx((t) => t.getEntry('cs-2', 'v-1'))).toBeUndefined();
      const rows = (await raw.entries()).filter((e) => e.sessionId === 'cs-1').sort((a, b) => a.seq - b.seq);
      expect(rows.map((e) => e.entryId)).toEqual([...stored.map((e) => e.entryId), 'v-1']);
    });

    it('listEntries narrows to a location and a round (voiding entries carry their target key)', async () => {
      const a1 = await tx((t) => t.insertEntry(entry('cs-1', 'a-1')));
      const b1 = await tx((t) => t.insertEntry(entry('cs-1', 'b-1', { key: { sku: 'A', location: 'WH1/A/02' } })));
      const a2 = await tx((t) => t.insertEntry(entry('cs-1', 'a-2', { round: 2 })));
      const { qty: _counted, ...voidBase } = entry('cs-1', 'v-1');
      const v = await tx((t) => t.insertEntry({ ...voidBase, kind: 'void', target: 'a-1' }));
      await tx((t) => t.insertEntry(entry('cs-2', 'a-1')));
      expect(await tx((t) => t.listEntries('cs-1', { location: 'WH1/A/01' }))).toEqual([a1, a2, v]);
      expect(await tx((t) => t.listEntries('cs-1', { round: 2 }))).toEqual([a2]);
      expect(await tx((t) => t.listEntries('cs-1', { location: 'WH1/A/01', round: 1 }))).toEqual([a1, v]);
      expect(await tx((t) => t.listEntries('cs-1', { location: 'WH1/A/0' }))).toEqual([]);
      expect(await tx((t) => t.listEntries('cs-1'))).toEqual([a1, b1, a2, v]);
    });

    it('listEntries narrows to a list of locations or of serial numbers, in store order, whatever else the adapter reads', async () => {
      const a1 = await tx((t) => t.insertEntry(entry('cs-1', 'a-1')));
      const b1 = await tx((t) => t.insertEntry(entry('cs-1', 'b-1', { key: { sku: 'A', location: 'WH1/A/02' } })));
      const s1 = await tx((t) => t.insertEntry(entry('cs-1', 's-1', { key: { sku: 'S', location: 'WH1/A/03', serial: 'SN1' }, qty: '1' })));
      const s2 = await tx((t) => t.insertEntry(entry('cs-1', 's-2', { key: { sku: 'S', location: 'WH1/A/01', serial: 'SN2' }, qty: '1', round: 2 })));
      const a2 = await tx((t) => t.insertEntry(entry('cs-1', 'a-2')));
      await tx((t) => t.insertEntry(entry('cs-2', 'a-1')));
      const list = (filter: Parameters<StorageTransaction['listEntries']>[1]) => tx((t) => t.listEntries('cs-1', filter));
      expect(await list({ locations: ['WH1/A/03', 'WH1/A/01'] })).toEqual([a1, s1, s2, a2]);
      expect(await list({ locations: ['WH1/A/01', 'WH1/A/01'], round: 1 })).toEqual([a1, a2]);
      expect(await list({ locations: [] })).toEqual([]);
      expect(await list({ serials: [{ sku: 'S', serial: 'SN2' }, { sku: 'S', serial: 'SN1' }] })).toEqual([s1, s2]);
      expect(await list({ serials: [{ sku: 'A', serial: 'SN1' }] })).toEqual([]);
      expect(await list({ serials: [{ sku: 'S', serial: 'SN1' }], locations: ['WH1/A/01'] })).toEqual([]);
      expect(await list({ locations: ['WH1/A/02'], round: 2 })).toEqual([]);
      expect(b1.seq).toBe(2);
    });

    it('getEntries reads a session\'s entries by id; insertEntries appends in order with consecutive sequence numbers, as insertEntry one by one', async () => {
      const first = await tx((t) => t.insertEntry(entry('cs-1', 'e-1')));
      const batch = [entry('cs-1', 'e-2', { countedAt: at(2) }), entry('cs-1', 'e-3', { key: { sku: 'S', location: 'WH1/A/02', serial: 'SN1' }, qty: '1' })];
      const stored = await tx(async (t) => {
        if (t.insertEntries) return t.insertEntries(batch);
        const one: CountEntry[] = [];
        for (const e of batch) one.push(await t.insertEntry(e));
        return one;
      });
      expect(stored).toEqual(batch.map((e, index) => ({ ...e, seq: index + 2 })));
      expect(await tx((t) => t.insertEntries?.([]) ?? Promise.resolve([]))).toEqual([]);
      const after = await tx((t) => t.insertEntry(entry('cs-1', 'e-4')));
      expect(after.seq).toBe(4);
      expect(await tx((t) => t.listEntries('cs-1'))).toEqual([first, ...stored, after]);
      // An adapter without getEntries is read entry by entry; one with it must answer exactly that.
      const byId = (sessionId: string, ids: readonly string[]) =>
        tx(async (t) => {
          if (t.getEntries) return t.getEntries(sessionId, ids);
          const found = new Map<string, CountEntry>();
          for (const id of ids) {
            const entry = await t.getEntry(sessionId, id);
            if (entry) found.set(id, entry);
          }
          return found;
        });
      expect(await byId('cs-1', ['e-3', 'nope', 'e-1'])).toEqual(new Map([['e-3', stored[1]], ['e-1', first]]));
      expect(await byId('cs-2', ['e-1'])).toEqual(new Map());
      expect(await byId('cs-1', [])).toEqual(new Map());
      expect((await raw.entries()).map((e) => e.seq).sort()).toEqual([1, 2, 3, 4]);
    });

    it('entry ids are unique per session: concurrent check-then-insert of one id stores it once', async () => {
      const results = await Promise.all(
        Array.from({ length: concurrency }, () =>
          tx(async (t) => (await t.getEntry('cs-1', 'e-1')) ?? t.insertEntry(entry('cs-1', 'e-1'))),
        ),
      );
      expect(new Set(results.map((e) => e.seq))).toEqual(new Set([1]));
      expect(await raw.entries()).toEqual([{ sessionId: 'cs-1', entryId: 'e-1', seq: 1 }]);
    });

    it('location marks are listed per session in store order, narrowed by location and round', async () => {
      await tx((t) => t.insertLocationMark({ sessionId: 'cs-1', location: 'WH1/A/02', round: 1, status: 'complete', at: at(2), actor: 'li' }));
      await tx((t) => t.insertLocationMark({ sessionId: 'cs-2', location: 'WH1/A/01', round: 1, status: 'complete', at: at(1), actor: 'li' }));
      await tx((t) => t.insertLocationMark({ sessionId: 'cs-1', location: 'WH1/A/01', round: 2, status: 'excluded', at: at(1), actor: 'zhao', reason: 'blocked aisle' }));
      expect(await tx((t) => t.listLocationMarks('cs-1'))).toEqual([
        { sessionId: 'cs-1', location: 'WH1/A/02', round: 1, status: 'complete', at: at(2), actor: 'li' },
        { sessionId: 'cs-1', location: 'WH1/A/01', round: 2, status: 'excluded', at: at(1), actor: 'zhao', reason: 'blocked aisle' },
      ]);
      expect((await tx((t) => t.listLocationMarks('cs-1', { location: 'WH1/A/01' }))).map((m) => m.round)).toEqual([2]);
      expect((await tx((t) => t.listLocationMarks('cs-1', { round: 1 }))).map((m) => m.location)).toEqual(['WH1/A/02']);
      expect(await tx((t) => t.listLocationMarks('cs-1', { location: 'WH1/A/01', round: 1 }))).toEqual([]);
    });

    it('deleting the marks of a location in one round removes only those, keeps the order of the rest, and rolls back with its transaction', async () => {
      const mark = (sessionId: string, location: string, round: number, minutes: number): LocationMark => ({ sessionId, location, round, status: 'complete', at: at(minutes), actor: 'li' });
      await tx((t) => t.insertLocationMark(mark('cs-1', 'WH1/A/01', 1, 1)));
      await tx((t) => t.insertLocationMark(mark('cs-1', 'WH1/A/02', 1, 2)));
      await tx((t) => t.insertLocationMark(mark('cs-1', 'WH1/A/01', 2, 3)));
      await tx((t) => t.insertLocationMark(mark('cs-2', 'WH1/A/01', 1, 4)));
      await expect(
        tx(async (t) => {
          expect(await t.deleteLocationMarks('cs-1', 'WH1/A/01', 1)).toBe(1);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await tx((t) => t.listLocationMarks('cs-1'))).toHaveLength(3);
      expect(await tx((t) => t.deleteLocationMarks('cs-1', 'WH1/A/01', 1))).toBe(1);
      expect(await tx((t) => t.deleteLocationMarks('cs-1', 'WH1/A/01', 1))).toBe(0);
      expect(await tx((t) => t.listLocationMarks('cs-1'))).toEqual([mark('cs-1', 'WH1/A/02', 1, 2), mark('cs-1', 'WH1/A/01', 2, 3)]);
      expect(await tx((t) => t.listLocationMarks('cs-1', { location: 'WH1/A/01' }))).toEqual([mark('cs-1', 'WH1/A/01', 2, 3)]);
      expect(await tx((t) => t.listLocationMarks('cs-2'))).toEqual([mark('cs-2', 'WH1/A/01', 1, 4)]);
      await tx((t) => t.insertLocationMark(mark('cs-1', 'WH1/A/01', 1, 5)));
      expect((await tx((t) => t.listLocationMarks('cs-1', { location: 'WH1/A/01' }))).map((m) => m.round)).toEqual([2, 1]);
    });

    it('count records filter by keys and counted-time range (inclusive) and order by counted time, then store order', async () => {
      const record = (sku: string, minutes: number, extra: Partial<CountRecord> = {}): CountRecord => ({
        key: { sku, location: 'WH1/A/01' },
        sessionId: 'cs-1',
        countedAt: at(minutes),
        qty: '5',
        variance: '0',
        postedAt: at(60),
        ...extra,
      });
      const records = [record('A', 3), record('B', 1, { variance: '-0.5', movementId: 'adj-1', qty: '4.5' }), record('A', 2, { key: { sku: 'A', location: 'WH1/A/01', lot: 'L' } })];
      await tx((t) => t.insertCountRecords(records));
      await tx((t) => t.insertCountRecords([]));
      expect(await tx((t) => t.listCountRecords())).toEqual([records[1], records[2], records[0]]);
      expect(await tx((t) => t.listCountRecords({ keys: [{ sku: 'A', location: 'WH1/A/01' }] }))).toEqual([records[0]]);
      expect(await tx((t) => t.listCountRecords({ countedFrom: at(2), countedTo: at(3) }))).toEqual([records[2], records[0]]);
      expect(await tx((t) => t.listCountRecords({ keys: [] }))).toEqual([]);
      // Equal counted times keep store order, whichever key is asked for first.
      const tied = [record('B', 7, { sessionId: 'cs-2' }), record('A', 7, { sessionId: 'cs-2' })];
      await tx((t) => t.insertCountRecords(tied));
      const keysAB = [{ sku: 'A', location: 'WH1/A/01' }, { sku: 'B', location: 'WH1/A/01' }];
      expect(await tx((t) => t.listCountRecords({ keys: keysAB, countedFrom: at(7) }))).toEqual(tied);
    });

    it('exceptions are stored, replaced on resolution and filtered by status', async () => {
      const open = (id: string, minutes: number): CountException => ({
        id,
        kind: 'backdated_movement',
        movementId: `m-${id}`,
        keys: [{ sku: 'A', location: 'WH1/A/01' }],
        sessionIds: ['cs-1'],
        raisedAt: at(minutes),
        status: 'open',
      });
      await tx((t) => t.insertException(open('x2', 1)));
      await tx((t) => t.insertException(open('x1', 1)));
      await tx((t) => t.insertException(open('x0', 2)));
      const resolved: CountException = { ...open('x1', 1), status: 'resolved', resolution: { actor: 'zhao', at: at(9), note: 'checked' } };
      await tx((t) => t.updateException(resolved));
      expect((await tx((t) => t.listExceptions())).map((x) => x.id)).toEqual(['x1', 'x2', 'x0']);
      expect(await tx((t) => t.listExceptions({ status: 'resolved' }))).toEqual([resolved]);
      expect((await tx((t) => t.listExceptions({ status: 'open' }))).map((x) => x.id)).toEqual(['x2', 'x0']);
    });
  });
}
