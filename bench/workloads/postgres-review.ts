/**
 * The count review of one zone on the long history of the `postgres-reads` workload: what a
 * supervisor's screen asks while a zone is being counted (`st.counts.preview`, the review with its
 * attribution, computed in a read-only transaction), against hand-written SQL reading what the
 * review needs: each counted key's entries, its book at the window start and the postings that
 * explain its variance.
 */
import { createStocktake } from '../../src/engine.js';
import type { PostgresStorage } from '../../src/storage/postgres/index.js';
import { createManualClock } from '../../src/testing/index.js';
import { measure, row, type BenchRow } from '../harness.js';
import { instant, type Layout } from '../world.js';

/** Rows of a query on either driver. */
export type Rows = (text: string, values?: readonly unknown[]) => Promise<unknown[]>;

/** Every tenth key of the zone is counted one more than its book: a variance to explain. */
const VARIANCE_EVERY = 10;
/** The attribution horizon of the bounded run, in days. */
const HORIZON_DAYS = 30;
const COUNTER = 'counter-zone';
const SUPERVISOR = 'supervisor';

/**
 * The catalog the zone's count needs: every item, and the bins of the layout's first zone. Part of
 * the seed, so every run reads the same catalog.
 */
export async function defineZoneCatalog(storage: PostgresStorage, keys: Layout, zone: string): Promise<void> {
  const st = createStocktake({ storage });
  const classes = ['A', 'B', 'C'] as const;
  for (const [i, sku] of keys.skus.entries()) {
    await st.catalog.defineItem({ sku, baseUom: 'ea', unitCost: `${1 + (i % 50)}.25`, abcClass: classes[i % 3]! });
  }
  for (const id of keys.locations) if (id.startsWith(`${zone}/`)) await st.catalog.defineLocation({ id });
}

/** The instants and table names of one run of {@link zoneReviewRows}. */
export interface ZoneReviewInput {
  readonly storage: PostgresStorage;
  readonly rowsOf: Rows;
  /** Qualifies a table name with the run's schema. */
  readonly table: (name: string) => string;
  readonly keys: Layout;
  readonly zone: string;
  /** The business time of the history's last movement, in ms after the worlds' start. */
  readonly endMs: number;
  readonly workload: string;
  readonly sizeText: string;
}

/**
 * Counts the zone in a new session dated after the history (one entry per key, every
 * {@link VARIANCE_EVERY}th one more than its book, every bin completed), measures
 * `st.counts.preview` with attribution over each variance key's whole history (none of them was
 * counted before) and with an attribution horizon of {@link HORIZON_DAYS} days, each against its
 * SQL, then cancels the session so the kept history is the same for the next run.
 */
export async function zoneReviewRows(input: ZoneReviewInput): Promise<BenchRow[]> {
  const { storage, rowsOf, table: t, keys, zone, workload, sizeText } = input;
  // Sessions of earlier runs are cancelled; each run counts at its own moment after them.
  const clock = createManualClock(instant(input.endMs + 86_400_000));
  const st = createStocktake({ storage, clock });
  const now = () => clock.now().toISOString();
  const latest = (await st.counts.list()).reduce((max, session) => (session.openedAt > max ? session.openedAt : max), now());
  clock.set(new Date(Date.parse(latest) + 60_000));
  const zoneKeys = keys.keys.filter((key) => key.location.startsWith(`${zone}/`));
  const books = new Map((await st.ledger.balances({ location: zone })).map((balance) => [`${balance.key.sku}@${balance.key.location}`, balance.qty]));
  const session = await st.counts.open({ id: `bench-zone-review-${clock.now().getTime()}`, scope: { locations: [zone] }, actor: SUPERVISOR, tolerance: { qty: '0' } });
  clock.advance(1_000);
  const entries = zoneKeys.map((key, index) => {
    const book = Number(books.get(key.id) ?? '0');
    return { entryId: `z-${index + 1}`, sku: key.sku, location: key.location, qty: String(book + (index % VARIANCE_EVERY === 0 ? 1 : 0)), countedAt: now(), counter: COUNTER };
  });
  for (let start = 0; start < entries.length; start += 500) {
    const outcomes = await st.counts.recordMany(session.id, entries.slice(start, start + 500));
    const refused = outcomes.find((outcome) => !outcome.ok);
    if (refused) throw new Error(`zone review: entry ${refused.index} refused: ${JSON.stringify(refused)}`);
  }
  const bins = [...new Set(zoneKeys.map((key) => key.location))];
  for (const bin of bins) await st.counts.completeLocation(session.id, bin, { actor: COUNTER, at: now() });
  const countedAt = now();

  // A later moment for every run, so no run reads the review an earlier one computed.
  const preview = (engine: typeof st) => () => {
    clock.advance(1_000);
    return engine.counts.preview(session.id);
  };
  const opts = { runs: 3, warmup: 1 };
  const whole = await measure(preview(st), opts);
  const bounded = createStocktake({ storage, clock, attributionHorizonDays: HORIZON_DAYS });
  const horizon = await measure(preview(bounded), opts);

  const variances = (from: string | null) => `
    WITH counted AS (
      SELECT sku, location, sum(qty) AS qty FROM ${t('entries')} WHERE session_id = $1 AND kind = 'count' GROUP BY sku, location),
    variance AS (
      SELECT c.sku, c.location, c.qty - coalesce(b.qty, 0) AS variance
      FROM counted c LEFT JOIN ${t('balances')} b ON b.sku = c.sku AND b.location = c.location AND b.lot = '' AND b.serial = ''
      WHERE c.qty <> coalesce(b.qty, 0))
    SELECT v.sku, v.location, v.variance::text, p.seq::text, p.kind, p.delta::text, p.occurred_at, p.actor
    FROM variance v JOIN ${t('postings')} p ON p.sku = v.sku AND p.location = v.location${from === null ? '' : ' AND p.occurred_at >= $2::timestamptz'}
    ORDER BY v.sku, v.location, p.seq`;
  const wholeBase = await measure(() => rowsOf(variances(null), [session.id]), opts);
  const horizonStart = new Date(Date.parse(countedAt) - HORIZON_DAYS * 86_400_000).toISOString();
  const horizonBase = await measure(() => rowsOf(variances(horizonStart), [session.id, horizonStart]), opts);

  const engineVariances = whole.value.lines.filter((line) => line.variance !== '0').length;
  const expected = zoneKeys.filter((_, index) => index % VARIANCE_EVERY === 0).length;
  if (engineVariances !== expected) throw new Error(`zone review: ${engineVariances} variances, ${expected} counted over the book`);
  const explained = whole.value.lines.filter((line) => line.variance !== '0' && line.attribution !== undefined).length;
  if (explained !== expected) throw new Error(`zone review: ${explained} of ${expected} variances attributed`);
  if (JSON.stringify(horizon.value.lines.map((line) => line.variance)) !== JSON.stringify(whole.value.lines.map((line) => line.variance))) {
    throw new Error('zone review: the horizon changed a variance');
  }
  await st.counts.cancel(session.id, { actor: SUPERVISOR, reason: 'benchmark run' });
  console.log(`zone review: ${whole.value.lines.length} lines, ${engineVariances} variances attributed; SQL read ${wholeBase.value.length} postings (${horizonBase.value.length} within ${HORIZON_DAYS} days)`);

  const size = `${sizeText}, a zone of ${zoneKeys.length} keys`;
  const fields = { workload, size, units: zoneKeys.length, unit: 'keys' } as const;
  return [
    row({ ...fields, case: 'baseline: SQL, a zone\'s variances and every posting of their keys' }, wholeBase),
    row({ ...fields, case: 'engine st.counts.preview of a zone (attribution over whole histories)', baseline: 'SQL', note: `${engineVariances} variances, keys never counted before` }, whole, wholeBase),
    row({ ...fields, case: `baseline: SQL, a zone's variances and their postings of the last ${HORIZON_DAYS} days` }, horizonBase),
    row({ ...fields, case: `engine st.counts.preview of a zone (attributionHorizonDays: ${HORIZON_DAYS})`, baseline: 'SQL' }, horizon, horizonBase),
  ];
}
