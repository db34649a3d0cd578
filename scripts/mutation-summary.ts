/**
 * Writes `mutation/summary.json` from Stryker's JSON report (`mutation/report.json`): per file,
 * the mutants killed (or timed out), survived and without coverage, and the mutation score
 * (detected / (detected + undetected), as Stryker computes it). Run by `npm run mutation`, and by
 * `npm run mutation:summary` after a run of some files (`npx stryker run --mutate <file>`).
 *
 * A run of some files measures only those, and its report may also carry other files' results
 * copied from the incremental file, possibly from an older run. So after such a run, name the files
 * it measured (`npm run mutation:summary -- src/ledger/post-batch.ts`): only their figures are read
 * from the report, and every other file keeps its figures from the previous summary (each file
 * says when it was measured). Without names, every file of the report is read (a full run). Files
 * that no longer exist are dropped. The total is summed over every file of the summary.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

interface Mutant {
  readonly status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
}

interface Report {
  readonly files: Readonly<Record<string, { readonly mutants: readonly Mutant[] }>>;
}

interface FileFigures {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  score: number | null;
  /** When these figures were read from a report, just after their run (absent in summaries written before it was kept). */
  measuredAt?: string;
}

const report = JSON.parse(readFileSync('mutation/report.json', 'utf8')) as Report;
const measuredAt = new Date().toISOString();
const previous: Record<string, FileFigures> = existsSync('mutation/summary.json')
  ? (JSON.parse(readFileSync('mutation/summary.json', 'utf8')) as { files: Record<string, FileFigures> }).files
  : {};
const named = process.argv.slice(2);
for (const file of named) if (!(file in report.files)) throw new Error(`${file} is not in mutation/report.json`);
const measured = Object.entries(report.files).filter(([file]) => named.length === 0 || named.includes(file));
const files: Record<string, FileFigures> = {};
for (const [file, figures] of Object.entries(previous)) if (!measured.some(([name]) => name === file) && existsSync(file)) files[file] = figures;
for (const [file, { mutants }] of measured) {
  const count = (status: Mutant['status']) => mutants.filter((mutant) => mutant.status === status).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const detected = killed + timeout;
  const valid = detected + survived + noCoverage;
  files[file] = { killed, timeout, survived, noCoverage, score: valid === 0 ? null : Math.round((detected / valid) * 1000) / 10, measuredAt };
}
const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
const total = Object.values(sorted).reduce(
  (sum, file) => ({
    killed: sum.killed + file.killed,
    timeout: sum.timeout + file.timeout,
    survived: sum.survived + file.survived,
    noCoverage: sum.noCoverage + file.noCoverage,
  }),
  { killed: 0, timeout: 0, survived: 0, noCoverage: 0 },
);
const detected = total.killed + total.timeout;
const summary = {
  generatedAt: measuredAt,
  total: { ...total, score: Math.round((detected / (detected + total.survived + total.noCoverage)) * 1000) / 10 },
  files: sorted,
};
writeFileSync('mutation/summary.json', `${JSON.stringify(summary, null, 2)}\n`);
for (const [file, figures] of Object.entries(sorted)) {
  console.log(`${String(figures.score ?? '-').padStart(6)} %  ${file} (killed ${figures.killed + figures.timeout}, survived ${figures.survived}, no coverage ${figures.noCoverage})`);
}
console.log(`${String(summary.total.score).padStart(6)} %  total`);
