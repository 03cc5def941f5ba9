// Sums the vitest JSON reports of every package into the one closing line CI reads: "N passed, N failed".
// `summarize.mjs LABEL` sums one test run and records it in .ci/.totals; `summarize.mjs --total` sums the
// runs recorded there (CI runs the suite on two Node versions).
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TOTALS = '.ci/.totals';
if (process.argv[2] === '--total') {
  const runs = existsSync(TOTALS) ? readFileSync(TOTALS, 'utf8').trim().split('\n').filter(Boolean) : [];
  let [passed, failed] = [0, 0];
  for (const run of runs.map((line) => JSON.parse(line))) {
    console.log(`${run.label}: ${run.passed} passed, ${run.failed} failed`);
    passed += run.passed;
    failed += run.failed;
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}
const label = process.argv[2];

const roots = ['packages', 'tooling', 'examples'].filter((dir) => existsSync(dir));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const root of roots) {
  for (const pkg of readdirSync(root)) {
    const report = path.join(root, pkg, 'test-results', 'vitest.json');
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numFailedTestSuites ?? 0) * (r.numFailedTests === 0 ? 1 : 0);
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    console.log(`${root}/${pkg}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
if (skipped) console.log(`${skipped} skipped (tests that need what this run lacks, e.g. PostgreSQL)`);
// The last line is the whole run's, as CI reads it.
console.log(`${passed} passed, ${failed} failed`);
if (label) appendFileSync(TOTALS, `${JSON.stringify({ label, passed, failed })}\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
