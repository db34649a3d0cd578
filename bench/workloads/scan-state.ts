/**
 * Workload 7: the scan pipeline's state over a long session. Every scan is a serialised unit
 * (GS1 DataMatrix with GTIN and serial) counted through `pipeline.scan`, and the app persists
 * after each one, as a scanner app that may be killed at any moment must: the changes since
 * its last save, appended to a log on disk. The state that has to survive is what dedupe needs,
 * one identity per serial, so the time per scan must stay flat and the memory per serial small.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createItemResolver, createScanPipeline, gtinCheckDigit, parseScan, type ScanEvent, type ScanPipeline } from '../../src/scanner/index.js';
import { collectGarbage, describe, measure, row, sampleMemory, type BenchRow, type Measured } from '../harness.js';

/** Sizes of the workload. */
export interface ScanStateSize {
  /** Scans persisted one by one through `changes` (the 1 000 000). */
  readonly scans: number;
  /** Scans persisted one by one through `state()`, the whole state: what `changes` replaces. */
  readonly wholeStateScans: number;
}

const ITEMS = 1000;
const COMPANY_PREFIX = '9506000';
/** Time windows per run: time per scan is compared between the first and the last. */
const WINDOWS = 10;

const gtins = Array.from({ length: ITEMS }, (_, i) => {
  const body = `0${COMPANY_PREFIX}${String(i).padStart(5, '0')}`;
  return body + gtinCheckDigit(body);
});

/** The i-th scan: unit i of item i mod 1000, its serial unique in the session. */
function eventAt(i: number): ScanEvent {
  const serial = `S${String(i).padStart(9, '0')}`;
  return { eventId: `hh-7-${i.toString(36)}`, source: 'wedge', raw: `]d201${gtins[i % ITEMS]!}21${serial}`, time: '2026-03-02T09:00:00.000Z' };
}

/** The log the app appends to: one line per save, on disk, as IndexedDB would keep it. */
function openLog(dir: string, name: string): { append(line: string): void; close(): void } {
  const fd = openSync(join(dir, name), 'w');
  return { append: (line) => void writeSync(fd, `${line}\n`), close: () => closeSync(fd) };
}

interface Timed<T> {
  readonly kept: T;
  /** Milliseconds of each of the WINDOWS equal parts of the run. */
  readonly windows: number[];
}

/** Runs `step` for scans 0..n-1, timing each tenth of the run. */
async function timedLoop<T>(n: number, kept: T, step: (i: number) => Promise<void> | void): Promise<Timed<T>> {
  const windows: number[] = [];
  const size = Math.ceil(n / WINDOWS);
  let started = performance.now();
  for (let i = 0; i < n; i++) {
    await step(i);
    if ((i & 4095) === 0) sampleMemory();
    if ((i + 1) % size === 0 || i === n - 1) {
      const now = performance.now();
      windows.push(now - started);
      started = now;
    }
  }
  return { kept, windows };
}

function pipeline(): ScanPipeline {
  const resolver = createItemResolver(gtins.map((gtin, i) => ({ sku: `SKU-${i}`, baseUom: 'ea', gtin, tracking: 'serial' as const })));
  return createScanPipeline({ resolver, sink: { record: async () => ({ result: 'created' }) }, session: 'CS-1', counter: 'ana', location: 'WH1/A/01' });
}

/** Runs the scan-state workload. */
export async function runScanState(size: ScanStateSize): Promise<BenchRow[]> {
  describe(
    'scan-state: the scan pipeline persisted after every scan',
    `${size.scans} scans of serialised units (]d2 01 + 21, ${ITEMS} GTINs, every serial new) through pipeline.scan on an in-memory sink; ` +
      'after each scan the changes since the last save are appended to a log file. Baseline: what any pipeline must do per scan, ' +
      'parseScan, a Map of identities and one JSON line appended to a log the same way. For context, ' +
      `${size.wholeStateScans} scans persisted through state() after each one, the whole state.`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'stocktake-scan-state-'));
  try {
    // The whole state after each scan first, on a heap that holds nothing else.
    const whole = await measure(
      async (p: ScanPipeline) => {
        const log = openLog(dir, 'state.log');
        return timedLoop(size.wholeStateScans, undefined, async (i) => {
          await p.scan(eventAt(i));
          log.append(JSON.stringify(p.state()));
        }).finally(log.close);
      },
      { runs: 1, setup: pipeline },
    );

    // Each run keeps only its figures, so the next runs on a heap without its identities.
    const baseline = await measureBaseline(size.scans, dir);
    const engine = await measureEngine(size.scans, dir);
    const baselineBytes = baseline.value.bytesPerSerial;
    const engineBytes = engine.value.bytesPerSerial;
    if (engine.value.identities !== size.scans || baseline.value.identities !== size.scans) {
      throw new Error(`identities: pipeline ${engine.value.identities}, baseline ${baseline.value.identities}`);
    }
    console.log(`checked: the pipeline and the baseline each hold ${size.scans} identities`);

    const flat = (w: readonly number[]) => w[w.length - 1]! / w[0]!;
    const perScan = (w: readonly number[], n: number) => ((w.reduce((a, b) => a + b, 0) * 1000) / n).toFixed(2);
    const firstLast = (w: readonly number[], n: number) => {
      const per = (ms: number) => ((ms * 1000 * WINDOWS) / n).toFixed(2);
      return `${per(w[0]!)} µs/scan in the first tenth, ${per(w[w.length - 1]!)} in the last (x${flat(w).toFixed(2)})`;
    };
    const engineFlat = flat(engine.value.windows);
    console.log(`changes(): ${firstLast(engine.value.windows, size.scans)}; ${engineBytes.toFixed(0)} bytes retained per serial (baseline ${baselineBytes.toFixed(0)})`);
    console.log(`baseline: ${firstLast(baseline.value.windows, size.scans)}`);
    console.log(`state(): ${firstLast(whole.value.windows, size.wholeStateScans)}, ${perScan(whole.value.windows, size.wholeStateScans)} µs/scan on average`);
    const sizeText = `${size.scans} scans / ${size.scans} serials`;
    const met = engineFlat <= 1.5 && engineBytes <= 200;
    return [
      row(
        { workload: 'scan-state', case: 'baseline: parseScan + Map + a log line per scan', size: sizeText, units: size.scans, unit: 'scans', note: `${firstLast(baseline.value.windows, size.scans)}; ${baselineBytes.toFixed(0)} bytes retained per serial` },
        baseline,
      ),
      row(
        {
          workload: 'scan-state',
          case: 'engine pipeline.scan + changes() saved after each',
          size: sizeText,
          units: size.scans,
          unit: 'scans',
          baseline: 'parseScan + Map + a log line per scan',
          target: { text: 'flat time per scan (last/first tenth <= 1.5), <= 200 bytes per serial', met },
          note: `${firstLast(engine.value.windows, size.scans)}; ${engineBytes.toFixed(0)} bytes retained per serial`,
        },
        engine,
        baseline,
      ),
      row(
        {
          workload: 'scan-state',
          case: 'context: pipeline.scan + state() saved after each',
          size: `${size.wholeStateScans} scans / ${size.wholeStateScans} serials`,
          units: size.wholeStateScans,
          unit: 'scans',
          note: `${firstLast(whole.value.windows, size.wholeStateScans)}: the whole state grows with every serial`,
        },
        whole,
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a run leaves: its timing, the identities it held and the heap they took. */
interface RunFigures {
  readonly windows: number[];
  readonly identities: number;
  readonly bytesPerSerial: number;
}

/** The baseline: parseScan, a Map of identities, a log line per scan. */
async function measureBaseline(scans: number, dir: string): Promise<Measured<RunFigures>> {
  const run = await measure(
    () => {
      const identities = new Map<string, string>();
      const log = openLog(dir, 'baseline.log');
      return timedLoop(scans, identities, (i) => {
        const event = eventAt(i);
        const scan = parseScan(event.raw);
        if (!scan.ok || scan.gtin === undefined || scan.serial === undefined) throw new Error(`unreadable ${event.raw}`);
        const identity = `sgtin:${scan.gtin}.${scan.serial}`;
        if (identities.has(identity)) throw new Error(`duplicate ${identity}`);
        identities.set(identity, event.eventId);
        log.append(JSON.stringify({ identity, eventId: event.eventId }));
      }).finally(log.close);
    },
    { runs: 1 },
  );
  const bytesPerSerial = retainedPerSerial(run.startHeap, scans);
  return { ...run, value: { windows: run.value.windows, identities: run.value.kept.size, bytesPerSerial } };
}

/** The engine: pipeline.scan, then the changes since the last save appended to the log. */
async function measureEngine(scans: number, dir: string): Promise<Measured<RunFigures>> {
  const run = await measure(
    async (p: ScanPipeline) => {
      const log = openLog(dir, 'changes.log');
      let saved = 0;
      return timedLoop(scans, p, async (i) => {
        const outcome = await p.scan(eventAt(i));
        if (outcome.status !== 'recorded') throw new Error(`scan ${i}: ${outcome.status}`);
        const changes = p.changes(saved);
        saved = changes.to;
        log.append(JSON.stringify(changes));
      }).finally(log.close);
    },
    { runs: 1, setup: pipeline },
  );
  const bytesPerSerial = retainedPerSerial(run.startHeap, scans);
  return { ...run, value: { windows: run.value.windows, identities: Object.keys(run.value.kept.state().identities).length, bytesPerSerial } };
}

/** Heap still in use after a full collection, above `startHeap`, per serial. */
function retainedPerSerial(startHeap: number, serials: number): number {
  collectGarbage();
  return (process.memoryUsage().heapUsed - startHeap) / serials;
}
