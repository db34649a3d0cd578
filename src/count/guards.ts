import type { EngineContext, MovementGuard } from '../context.js';
import { stockKeyId, type StockKey } from '../ledger/key.js';
import { toInstant } from '../time.js';
import { scopeFilterOf } from './scope.js';
import { recordOverride } from './session.js';
import type { CountException, CountRecord, LocationCountRecord } from './types.js';
import { StocktakeError } from '../errors.js';
import { readTogether } from '../storage/read-together.js';
import type { StocktakeEvent } from '../events.js';

/**
 * `movementPolicy: 'freeze'`: while a session counts, a movement touching a key in its scope is
 * refused (`frozen`) unless it carries an override reason; an override is let through, recorded
 * on the session (its keys go back to recount) and audited.
 *
 * @internal
 */
export function freezeGuard(ctx: EngineContext): MovementGuard {
  return async (tx) => {
    const sessions = (await tx.listSessions({ states: ['counting'] })).filter((s) => s.movementPolicy === 'freeze');
    // A count adjustment is never frozen by this rule: a key belongs to one open session at a
    // time, and a session posts only once it has stopped counting.
    return (draft) => {
      const hits = sessions
        .map((session) => ({ session, keys: draft.keys.filter(scopeFilterOf(session)) }))
        .filter((hit) => hit.keys.length > 0);
      if (hits.length === 0) return undefined;
      const override = draft.movement.override;
      if (!override) {
        return {
          refuse: {
            result: 'frozen',
            message: `Session ${hits[0]!.session.id} is counting these keys with movements frozen; an override reason lets an urgent movement through`,
            details: { sessions: hits.map((hit) => ({ sessionId: hit.session.id, keys: hit.keys })) },
          },
        };
      }
      return {
        afterAppend: async (tx, movement) => {
          const events: StocktakeEvent[] = [];
          for (const { session, keys } of hits) {
            const updated = recordOverride(session, {
              movementId: movement.id,
              keys,
              reason: override.reason,
              actor: movement.actor,
              at: movement.recordedAt,
            });
            if (!(await tx.updateSession(updated, session.version))) {
              throw new StocktakeError('version_conflict', `Session ${session.id} changed while recording an override`);
            }
            await ctx.audit(tx, {
              actor: movement.actor,
              action: 'count.override',
              subject: session.id,
              data: { movementId: movement.id, keys, reason: override.reason },
            });
            events.push({
              type: 'count.override',
              sessionId: session.id,
              movementId: movement.id,
              keys,
              reason: override.reason,
              at: movement.recordedAt,
            });
          }
          return events;
        },
      };
    };
  };
}

/**
 * The `backdated` policy: a movement dated at or before a posted count of a key it touches would
 * silently break "book as of the count time = counted". A key is counted by its own count record,
 * and every other key of the session's scope at a location the session completed was counted as
 * zero at the completion (new items, lots and serials included). `reject` refuses such a movement
 * (`backdated`); `flag` lets it through and raises a post-count exception.
 *
 * @internal
 */
export function backdatedGuard(ctx: EngineContext): MovementGuard {
  return async (tx, { keys: batchKeys }) => {
    // In the store's order (by count time); a draft takes its keys' records in that order too.
    // Together: one round trip, with the rest of a batch's reads when the batch reads together.
    const [records, locations] = await readTogether<[CountRecord[], LocationCountRecord[]]>(tx, [
      (reader) => reader.listCountRecords({ keys: batchKeys }),
      (reader) => reader.listLocationCountRecords({ locations: [...new Set(batchKeys.map((key) => key.location))] }),
    ]);
    const byKey = new Map<string, CountRecord[]>();
    for (const record of records) append(byKey, stockKeyId(record.key), record);
    const byLocation = new Map<string, LocationCountRecord[]>();
    for (const record of locations) append(byLocation, record.location, record);
    return (draft) => {
      const at = draft.movement.occurredAt;
      const crossed: Array<{ key: StockKey; sessionId: string; countedAt: string }> = [];
      for (const key of draft.keys) {
        const own = byKey.get(stockKeyId(key)) ?? [];
        for (const record of own) if (record.countedAt >= at) crossed.push(record);
        const counted = new Set(own.map((record) => record.sessionId));
        for (const record of byLocation.get(key.location) ?? []) {
          const covers = record.items === undefined || record.items.includes(key.sku);
          if (covers && !counted.has(record.sessionId) && record.countedAt >= at) crossed.push({ key, sessionId: record.sessionId, countedAt: record.countedAt });
        }
      }
      if (crossed.length === 0) return undefined;
      crossed.sort((a, b) => (a.countedAt < b.countedAt ? -1 : a.countedAt > b.countedAt ? 1 : 0));
      const keys = uniqueKeys(crossed.map((record) => record.key));
      const sessionIds = [...new Set(crossed.map((record) => record.sessionId))];
      if (ctx.policies.backdated === 'reject') {
        return {
          refuse: {
            result: 'backdated',
            message: `The movement is dated ${at}, at or before a posted count of ${keys.length} of its keys`,
            details: { keys, sessionIds, countedAt: crossed.map((record) => record.countedAt) },
          },
        };
      }
      return {
        afterAppend: async (tx, movement) => {
          const exception: CountException = {
            id: ctx.ids.next('exception'),
            kind: 'backdated_movement',
            movementId: movement.id,
            keys,
            sessionIds,
            raisedAt: toInstant(ctx.clock.now()),
            status: 'open',
          };
          await tx.insertException(exception);
          await ctx.audit(tx, { actor: movement.actor, action: 'count.exception', subject: exception.id, data: exception });
          return [{ type: 'count.exception', exception }];
        },
      };
    };
  };
}

function append<T>(map: Map<string, T[]>, id: string, value: T): void {
  const list = map.get(id);
  if (list) list.push(value);
  else map.set(id, [value]);
}

function uniqueKeys(keys: readonly StockKey[]): StockKey[] {
  return [...new Map(keys.map((key) => [stockKeyId(key), key])).values()];
}
