import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import knex from 'knex';
import { summarizeProfile } from './profile/summarize-profile.js';
import { type ScenarioId, scenario } from './scenarios.js';
import { signIn } from './suite/bench-session.js';
import { loadScenario } from './suite/load-scenario.js';
import type { BenchSession, SuiteContext } from './suite/suite-context.js';
import type { ChildTarget } from './targets/child-target.js';
import { startBarePg, startHandWrittenMe, startPortalServer } from './targets/start-targets.js';

/*
 * pnpm bench:profile --database-url URL --scenario me [--target server|c|d] [--duration 10] [--connections 50]
 * Runs the server (or baseline c, for me and dashboard, or d, for me) under `node --cpu-prof` on a database
 * `pnpm bench --keep-database` loaded, loads one scenario, and prints where its CPU time went, by package
 * and by function. Profiling both and comparing shows what the server spends per request beyond (c).
 */
const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    scenario: { type: 'string', default: 'me' },
    target: { type: 'string', default: 'server' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});
const databaseUrl = values['database-url'];
if (!databaseUrl)
  throw new Error('--database-url is required (a database loaded by pnpm bench --keep-database)');
const workDir = mkdtempSync(path.join(tmpdir(), 'portal-profile-'));
const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
let session: BenchSession | undefined;
let counter = 0;
const ctx: SuiteContext = {
  node: { label: 'Node', path: process.execPath, version: process.version },
  options: {
    durationSeconds: Number(values.duration),
    warmupSeconds: 2,
    connections: Number(values.connections),
    repeats: 1,
    memoryRounds: 0,
    poolSizes: [],
    queryCountRequests: 0,
  },
  db,
  databaseUrl,
  workDir,
  log: console.log,
  uniqueTag: (label) => `${label}-${process.pid}-${Date.now()}-${++counter}`,
  session: () => session as BenchSession,
  setSession: (s) => {
    session = s;
  },
};
const startBaseline = { c: startBarePg, d: startHandWrittenMe }[values.target as 'c' | 'd'];
if (values.target !== 'server' && !startBaseline) throw new Error('--target must be server, c or d');
const profiling = ['--cpu-prof', `--cpu-prof-dir=${workDir}`];
// The server signs the bench user in either way; it is the profiled process only for --target server.
const server = await startPortalServer(ctx, {}, values.target === 'server' ? profiling : []);
let baseline: ChildTarget | undefined;
try {
  session = await signIn(ctx, server.url);
  if (startBaseline) baseline = await startBaseline(ctx, profiling);
  const target = baseline ?? server;
  const s = scenario(values.scenario as ScenarioId);
  await loadScenario(ctx, s, target, ctx.options.warmupSeconds);
  const cpuBefore = target.cpuMs();
  const result = await loadScenario(ctx, s, target, ctx.options.durationSeconds);
  const cpuUs = ((target.cpuMs() - cpuBefore) * 1000) / Math.max(1, result.requests);
  console.log(
    `${target.name}, ${s.id}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ` +
      `CPU ${cpuUs.toFixed(0)} µs/req, errors ${result.errors}`,
  );
} finally {
  await baseline?.stop();
  await server.stop();
  await db.destroy();
}
const file = readdirSync(workDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile in ${workDir}`);
const summary = summarizeProfile(path.join(workDir, file));
console.log(`profile: ${path.join(workDir, file)} (${summary.totalMs.toFixed(0)} ms sampled)`);
for (const { name, percent } of summary.byPackage) console.log(`${percent.toFixed(1).padStart(5)}%  ${name}`);
console.log('');
for (const { name, percent } of summary.byFunction)
  console.log(`${percent.toFixed(1).padStart(5)}%  ${name}`);
