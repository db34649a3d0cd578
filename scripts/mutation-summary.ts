/**
 * Writes `mutation/summary.json` from Stryker's JSON report (`mutation/report.json`): per file,
 * the mutants killed (or timed out), survived and without coverage, and the mutation score
 * (detected / (detected + undetected), as Stryker computes it). Run by `npm run mutation`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Mutant {
  readonly status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
}

interface Report {
  readonly files: Readonly<Record<string, { readonly mutants: readonly Mutant[] }>>;
}

const report = JSON.parse(readFileSync('mutation/report.json', 'utf8')) as Report;
const files: Record<string, { killed: number; timeout: number; survived: number; noCoverage: number; score: number | null }> = {};
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const count = (status: Mutant['status']) => mutants.filter((mutant) => mutant.status === status).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const detected = killed + timeout;
  const valid = detected + survived + noCoverage;
  files[file] = { killed, timeout, survived, noCoverage, score: valid === 0 ? null : Math.round((detected / valid) * 1000) / 10 };
}
const total = Object.values(files).reduce(
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
  generatedAt: new Date().toISOString(),
  total: { ...total, score: Math.round((detected / (detected + total.survived + total.noCoverage)) * 1000) / 10 },
  files,
};
writeFileSync('mutation/summary.json', `${JSON.stringify(summary, null, 2)}\n`);
for (const [file, figures] of Object.entries(files)) {
  console.log(`${String(figures.score ?? '-').padStart(6)} %  ${file} (killed ${figures.killed + figures.timeout}, survived ${figures.survived}, no coverage ${figures.noCoverage})`);
}
console.log(`${String(summary.total.score).padStart(6)} %  total`);
