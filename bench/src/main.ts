import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Principal } from '@portal/server/internals';
import knex from 'knex';
import { explainDashboard } from './database/bench-queries.js';
import { BENCH_USER_EMAIL } from './database/dataset.js';
import { livenessCost } from './database/liveness-cost.js';
import { loadDataset } from './database/load-dataset.js';
import { createScratchDatabase } from './database/scratch-database.js';
import { nodeBinaries } from './node-binaries.js';
import { parseOptions } from './options.js';
import { buildReport } from './report/build-report.js';
import { renderMarkdown } from './report/render-markdown.js';
import { sdkSize } from './sdk-size.js';
import { runSuite, type SuiteResult } from './suite/run-suite.js';
import type { BenchSession } from './suite/suite-context.js';

/*
 * pnpm bench: a fresh database on the PostgreSQL server, the scale dataset, then for each Node version the
 * server and both baselines under the same load; results as JSON and Markdown in bench/results.
 */
const options = parseOptions(process.argv.slice(2), fileURLToPath(new URL('../results', import.meta.url)));
const log = (line: string) => process.stdout.write(`${line}\n`);
// Executions of each form of GET /me's statement for the database's side of the split (a few seconds).
const LIVENESS_EXECUTIONS = 5000;

const nodes = nodeBinaries(options);
const sdk = sdkSize();
log(sdk.line);
const database = await createScratchDatabase(options.adminUrl);
const workRoot = mkdtempSync(path.join(tmpdir(), 'portal-bench-'));
// Idle connections close within ~300 ms and report their transaction counts then (see round-trips.ts).
const db = knex({
  client: 'pg',
  connection: database.url,
  pool: { min: 0, max: 2, idleTimeoutMillis: 200, reapIntervalMillis: 100 },
});
let failed = true;
try {
  log(`database ${database.name}: loading the scale dataset`);
  const load = await loadDataset(database.url, log);
  log(`loaded in ${load.seconds.toFixed(1)} s`);
  const user = await db('portal_users')
    .where({ email: BENCH_USER_EMAIL })
    .first<Omit<Principal, 'sessionId' | 'tokenId'>>(
      'id as userId',
      'tenant_id as tenantId',
      'client_id as clientId',
    );
  // The statement checks the requester's sign-in too: a live session of the bench user, as validate makes.
  const [session] = await db('sessions')
    .insert({ tenant_id: user.tenantId, user_id: user.userId, expires_at: new Date(Date.now() + 86_400_000) })
    .returning<{ id: string }[]>('id');
  const who = { ...user, sessionId: session?.id as string, tokenId: '' };
  const explain = await explainDashboard(db, who);
  log('GET /me statement with and without its liveness condition, through one connection');
  const liveness = await livenessCost(db, database.url, who, LIVENESS_EXECUTIONS);
  for (const c of liveness)
    log(
      `  ${c.liveness.padEnd(60)} ${c.wallUsPerExecution.toFixed(0)} us/statement, ` +
        `backend CPU ${c.backendCpuUsPerExecution.toFixed(0)} us, planning ${c.planningUs.toFixed(0)} us, ` +
        `execution ${c.executionUs.toFixed(0)} us`,
    );

  const suites: SuiteResult[] = [];
  let counter = 0;
  for (const node of nodes) {
    const workDir = path.join(workRoot, node.label.replace(/\W+/g, '-'));
    mkdirSync(workDir, { recursive: true });
    let session: BenchSession | undefined;
    suites.push(
      await runSuite({
        node,
        options,
        db,
        databaseUrl: database.url,
        workDir,
        log,
        uniqueTag: (label) => `${label}-${process.pid}-${++counter}`,
        session: () => session as BenchSession,
        setSession: (s) => {
          session = s;
        },
      }),
    );
  }

  const report = buildReport({ options, load, explain, liveness, sdk, suites });
  mkdirSync(options.resultsDir, { recursive: true });
  writeFileSync(path.join(options.resultsDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(options.resultsDir, 'results.md'), renderMarkdown(report));
  log(`results written to ${options.resultsDir}`);
  failed = false;
} finally {
  await db.destroy();
  if (!options.keepDatabase) await database.drop();
  if (failed) log(`logs kept in ${workRoot}`);
  else rmSync(workRoot, { recursive: true, force: true });
}
