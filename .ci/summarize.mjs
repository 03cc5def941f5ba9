// Sums the vitest JSON reports of every package into the one closing line CI reads: "N passed, N failed".
// `summarize.mjs LABEL` sums one test run and records it in .ci/.totals; `summarize.mjs --total` sums the
// runs recorded there (CI runs the suite on two Node versions). Both name each failed test above the
// closing line: a CI log is often read from its end only.
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TOTALS = '.ci/.totals';
if (process.argv[2] === '--total') {
  const runs = existsSync(TOTALS) ? readFileSync(TOTALS, 'utf8').trim().split('\n').filter(Boolean) : [];
  let [passed, failed] = [0, 0];
  for (const run of runs.map((line) => JSON.parse(line))) {
    console.log(`${run.label}: ${run.passed} passed, ${run.failed} failed`);
    for (const failure of run.failures ?? []) console.log(`  failed: ${failure}`);
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
const failures = [];
for (const root of roots) {
  for (const pkg of readdirSync(root)) {
    const report = path.join(root, pkg, 'test-results', 'vitest.json');
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, 'utf8'));
    // A file that failed as such (an import, a hook) counts as one failure besides its tests'.
    const here = failedIn(r, path.join(root, pkg));
    passed += r.numPassedTests;
    failed += r.numFailedTests + here.files.length;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    console.log(`${root}/${pkg}: ${r.numPassedTests} passed, ${r.numFailedTests + here.files.length} failed`);
    failures.push(...here.tests, ...here.files);
  }
}
if (skipped) console.log(`${skipped} skipped (tests that need what this run lacks, e.g. PostgreSQL)`);
for (const failure of failures) console.log(`  failed: ${failure}`);
// The last line is the whole run's, as CI reads it.
console.log(`${passed} passed, ${failed} failed`);
if (label) appendFileSync(TOTALS, `${JSON.stringify({ label, passed, failed, failures })}\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

/** "file > test: first line of the error" for each failed test; "file: error" for a file that failed as such. */
function failedIn(report, pkgDir) {
  const tests = [];
  const files = [];
  for (const file of report.testResults ?? []) {
    const where = path.relative(path.resolve(pkgDir), file.name) || file.name;
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests) {
      tests.push(`${pkgDir}/${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
    if (failedTests.length === 0 && file.status === 'failed')
      files.push(`${pkgDir}/${where}: ${firstLine(file.message)}`);
  }
  return { tests, files };
}

function firstLine(text) {
  return (
    (text ?? '')
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim()
      .slice(0, 300) ?? ''
  );
}
