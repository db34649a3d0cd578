/**
 * `counts.journal`: the accounting lines of a posted session.
 *
 * @internal
 * @module
 */
import { StocktakeError } from '../../errors.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { buildJournal, journalInputSchema, type Journal, type JournalOptions } from '../journal.js';
import { adjustmentId } from './posting.js';
import { inReadOnly, loadSession, type CountContext } from './context.js';
import { movementsById } from './documents.js';

/** `counts.journal`. @internal */
export async function countJournal(ctx: CountContext, sessionId: string, options: DeepReadonly<JournalOptions>): Promise<Journal> {
  const parsed = parseInput(journalInputSchema, options, ['options']);
  return inReadOnly(ctx, async (tx) => {
    const session = await loadSession(tx, sessionId);
    if (session.state !== 'posted' || !session.posting) {
      throw new StocktakeError('invalid_state', `Session ${session.id} is ${session.state}: only a posted session has a journal`, {
        path: ['sessionId'],
        details: { sessionId: session.id, state: session.state },
      });
    }
    const movements = await movementsById(tx, session.posting.movementIds);
    // Adjustments posted before they kept their unit cost are valued at the cost their posted line used.
    const posted = await tx.listPostedLines(session.id);
    const costByAdjustment = new Map(posted.map((line) => [adjustmentId(session.id, line.key), line.unitCost]));
    return buildJournal({ id: session.id, postedAt: session.posting.at }, movements, parsed, (movement) => costByAdjustment.get(movement.id) ?? '0');
  });
}

