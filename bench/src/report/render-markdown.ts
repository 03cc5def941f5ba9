import type { TargetId } from '../suite/compare-routes.js';
import type { Report, SuiteReport } from './build-report.js';
import { mib } from './check-targets.js';
import type { TargetFigures } from './median-result.js';

const TARGET_NAMES: Record<TargetId, string> = {
  server: 'server',
  'bare-express': '(b) bare Express, same SQL',
  'bare-pg': '(c) bare Express + pg + jsonwebtoken',
  'hand-written': '(d) hand-written GET /me, no liveness check',
  'bare-http': '(a) bare node:http, from memory',
};

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const n2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** The report as Markdown: what bench/results/results.md holds. */
export function renderMarkdown(report: Report): string {
  const o = report.options;
  const d = report.dataset;
  return [
    '# Portal benchmark',
    '',
    `Generated ${report.generatedAt} by \`pnpm bench\` on ${report.machine.cpus} cores (${report.machine.cpuModel}), ` +
      `${report.machine.memoryGiB} GiB. Load: autocannon in its own process on loopback, ${o.connections} connections, ` +
      `${o.warmupSeconds} s warm-up then ${o.durationSeconds} s measured per run; baseline (b), server, baselines (c) ` +
      `and (d) where they answer, and baseline (a) back to back per operation, \`me\` and \`dashboard\` ${o.repeats} times in turn, and ` +
      `request-magic-link for known and unknown emails ${o.repeats} times in turn, in alternating order (medians shown). ` +
      'Absolute figures move with whatever else the machine runs: compare ratios. CPU µs/req is the CPU time ' +
      "the target's own process spent per request; database CPU µs/req that of the PostgreSQL backends of the " +
      'bench database over the same run (read from /proc; n/a when PostgreSQL runs elsewhere).',
    '',
    `Dataset: ${d.tenants} tenants; the large tenant has ${n0(d.largeClients)} clients, ${n0(d.invoices)} invoices, ` +
      `${n0(d.orders)} orders and ${n0(d.estimates)} estimates; the bench user's client has ${n0(d.bigClientInvoices)} ` +
      `invoices. Loaded in ${d.loadSeconds.toFixed(1)} s. SDK: ${report.sdk.minifiedKb} KB minified, ` +
      `${report.sdk.gzippedKb} KB minified and gzipped.`,
    '',
    ...(o.serverScript ? [`Server under test: \`${o.serverScript}\` (--server-script).`, ''] : []),
    ...report.suites.flatMap(renderSuite),
    ...renderLiveness(report),
    '## Dashboard query plan (the 5,000-invoice client)',
    '',
    '```',
    report.dashboardExplain,
    '```',
    '',
  ].join('\n');
}

function renderSuite(suite: SuiteReport): string[] {
  const row = (scenario: string, target: TargetId, r: TargetFigures) => [
    scenario,
    TARGET_NAMES[target],
    n0(r.requestsPerSecond),
    n2(r.latency.mean),
    r.latency.p50,
    r.latency.p99,
    r.latency.max,
    r.errors,
    n0(r.cpuUsPerRequest),
    n0(r.databaseCpuUsPerRequest),
    r.runs,
  ];
  const targetOrder: TargetId[] = ['server', 'bare-pg', 'hand-written', 'bare-express', 'bare-http'];
  const routeRows = suite.routes.flatMap((route) =>
    targetOrder.flatMap((t) => {
      const r = route.results[t];
      return r ? [row(route.scenario, t, r)] : [];
    }),
  );
  return [
    `## ${suite.node.label} (${suite.node.version})`,
    '',
    table(
      ['target', 'measured', 'pass'],
      suite.checks.map((c) => [
        c.target,
        c.measured,
        c.pass === undefined ? 'n/a' : c.pass ? 'yes' : '**no**',
      ]),
    ),
    '',
    table(
      [
        'operation',
        'server / (c) req/s',
        'server / (c) p99',
        'server / (d) req/s',
        'server / (d) p99',
        'server / (b) req/s',
        'server / (b) p99',
        'server / (a) req/s',
      ],
      suite.routes.map((r) => [
        r.scenario,
        n2(r.ratios.throughputVsPg),
        n2(r.ratios.p99VsPg),
        n2(r.ratios.throughputVsHandWritten),
        n2(r.ratios.p99VsHandWritten),
        n2(r.ratios.throughputVsExpress),
        n2(r.ratios.p99VsExpress),
        n2(r.ratios.throughputVsHttp),
      ]),
    ),
    '',
    table(
      [
        'operation',
        'target',
        'req/s',
        'mean ms',
        'p50 ms',
        'p99 ms',
        'max ms',
        'errors',
        'CPU µs/req',
        'database CPU µs/req',
        'runs',
      ],
      routeRows,
    ),
    '',
    ...renderDistanceToHandWritten(suite),
    table(
      ['operation', 'round trips (transactions) per request'],
      suite.roundTrips.map((c) => [c.scenario, n2(c.transactionsPerRequest)]),
    ),
    '',
    `Start-up to ready: PostgreSQL median ${n0(suite.startupPostgresMedianMs)} ms (of ${suite.startup.postgresMs.length} starts); ` +
      `embedded database ${n0(suite.startup.embeddedFirstMs)} ms on an empty directory (creates and migrates), ` +
      `${n0(suite.startup.embeddedRestartMs)} ms on restart.`,
    '',
    // A short run (--rounds 0, --pools none) skips these: no empty sentence or table for them.
    `Server RSS: ${mib(suite.rssAfterRoutes)} after all operations` +
      (suite.rssRounds.length > 1
        ? `; after each memory round (me, dashboard, request-magic-link): ${suite.rssRounds.slice(1).map(mib).join(', ')}.`
        : '.'),
    '',
    ...(suite.pool.length === 0
      ? []
      : [
          table(
            ['DB_POOL_MAX', 'operation', 'req/s', 'p50 ms', 'p99 ms'],
            suite.pool.map((p) => [
              p.poolMax,
              p.scenario,
              n0(p.result.requestsPerSecond),
              p.result.latency.p50,
              p.result.latency.p99,
            ]),
          ),
          '',
        ]),
  ];
}

const moreOrLess = (us: number) => (us >= 0 ? `${n0(us)} µs more` : `${n0(-us)} µs less`);

/** GET /me's CPU per request in the server's process and in the database, against baseline (d)'s. */
function renderDistanceToHandWritten(suite: SuiteReport): string[] {
  const me = suite.routes.find((r) => r.scenario === 'me');
  const server = me?.results.server;
  const handWritten = me?.results['hand-written'];
  if (!server || !handWritten) return [];
  const processUs = server.cpuUsPerRequest - handWritten.cpuUsPerRequest;
  const databaseUs = server.databaseCpuUsPerRequest - handWritten.databaseCpuUsPerRequest;
  const sum = (r: TargetFigures) => r.cpuUsPerRequest + r.databaseCpuUsPerRequest;
  return [
    `GET /me, the distance to baseline (d): the server serves ${n2(me.ratios.throughputVsHandWritten)}x its ` +
      `requests per second. Per request it spends ${moreOrLess(processUs)} of CPU than (d) in its own process ` +
      `and ${moreOrLess(databaseUs)} in the database.`,
    '',
    table(
      ['CPU µs per GET /me', 'server', '(d)', 'server - (d)'],
      [
        ['own process', n0(server.cpuUsPerRequest), n0(handWritten.cpuUsPerRequest), n0(processUs)],
        [
          'database backends',
          n0(server.databaseCpuUsPerRequest),
          n0(handWritten.databaseCpuUsPerRequest),
          n0(databaseUs),
        ],
        ['both', n0(sum(server)), n0(sum(handWritten)), n0(sum(server) - sum(handWritten))],
      ],
    ),
    '',
  ];
}

/** GET /me's statement with each form of the liveness condition, through one connection. */
function renderLiveness(report: Report): string[] {
  const form = (id: string) => report.liveness.find((c) => c.form === id);
  const unnamed = form('unnamed');
  const prepared = form('prepared');
  const sessionRow = form('session-row');
  const none = form('none');
  if (!unnamed || !prepared || !sessionRow || !none) return [];
  const us = (x: number) => `${n0(x)} µs`;
  return [
    "## GET /me's statement and its liveness condition",
    '',
    `Each form ${n0(unnamed.executions)} times through one connection, in interleaved batches, unnamed (parsed ` +
      'and planned at every execution) or prepared (once per connection); round trip as the client sees it, CPU ' +
      'of the PostgreSQL backend; planning and execution: medians of EXPLAIN ANALYZE.',
    '',
    table(
      [
        'liveness condition',
        'round trip µs',
        'backend CPU µs',
        'backend CPU beyond none',
        'planning µs',
        'execution µs',
      ],
      report.liveness.map((c) => [
        c.liveness,
        n0(c.wallUsPerExecution),
        n0(c.backendCpuUsPerExecution),
        n0(c.backendCpuUsPerExecution - none.backendCpuUsPerExecution),
        n0(c.planningUs),
        n0(c.executionUs),
      ]),
    ),
    '',
    'Preparing the statement saves ' +
      `${us(unnamed.backendCpuUsPerExecution - prepared.backendCpuUsPerExecution)} of backend CPU and ` +
      `${us(unnamed.wallUsPerExecution - prepared.wallUsPerExecution)} of round trip per GET /me. The condition ` +
      'as one primary-key lookup of the session row, prepared too, would save ' +
      `${us(prepared.backendCpuUsPerExecution - sessionRow.backendCpuUsPerExecution)} of backend CPU and ` +
      `${us(prepared.wallUsPerExecution - sessionRow.wallUsPerExecution)} of round trip more.`,
    '',
  ];
}
