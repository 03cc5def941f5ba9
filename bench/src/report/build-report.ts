import { cpus, totalmem } from 'node:os';
import { DATASET } from '../database/dataset.js';
import type { StatementCost } from '../database/liveness-cost.js';
import type { LoadReport } from '../database/load-dataset.js';
import type { MainOptions } from '../options.js';
import { SCENARIOS } from '../scenarios.js';
import type { TargetId } from '../suite/compare-routes.js';
import type { SuiteResult } from '../suite/run-suite.js';
import { checkTargets, type RouteComparison, type TargetCheck } from './check-targets.js';

import { medianOf } from './median-result.js';

const TARGETS: TargetId[] = ['server', 'bare-express', 'bare-pg', 'hand-written', 'bare-http'];

export interface SuiteReport extends Omit<SuiteResult, 'routes'> {
  routes: RouteComparison[];
  /** Every measured run, as it came. */
  runs: SuiteResult['routes'];
  startupPostgresMedianMs: number;
  checks: TargetCheck[];
}

export interface Report {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number };
  options: Omit<MainOptions, 'adminUrl' | 'resultsDir'>;
  dataset: typeof DATASET & { loadSeconds: number; steps: LoadReport['steps'] };
  sdk: { minifiedKb: number; gzippedKb: number };
  dashboardExplain: string;
  /** GET /me's statement with today's liveness condition, with a session-row lookup, and without. */
  liveness: StatementCost[];
  suites: SuiteReport[];
}

export function buildReport(input: {
  options: MainOptions;
  load: LoadReport;
  explain: string;
  liveness: StatementCost[];
  sdk: { minifiedKb: number; gzippedKb: number };
  suites: SuiteResult[];
}): Report {
  const { adminUrl: _adminUrl, resultsDir: _resultsDir, ...options } = input.options;
  return {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
    },
    options,
    dataset: { ...DATASET, loadSeconds: input.load.seconds, steps: input.load.steps },
    sdk: { minifiedKb: input.sdk.minifiedKb, gzippedKb: input.sdk.gzippedKb },
    dashboardExplain: input.explain,
    liveness: input.liveness,
    suites: input.suites.map(suiteReport),
  };
}

function suiteReport(suite: SuiteResult): SuiteReport {
  const routes = SCENARIOS.map((s): RouteComparison => {
    const results: RouteComparison['results'] = {};
    for (const target of TARGETS) {
      const runs = suite.routes.filter((r) => r.scenario === s.id && r.target === target);
      if (runs.length > 0) results[target] = medianOf(runs);
    }
    const server = results.server;
    const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : Number.NaN);
    return {
      scenario: s.id,
      results,
      ratios: {
        throughputVsExpress: ratio(server?.requestsPerSecond, results['bare-express']?.requestsPerSecond),
        p99VsExpress: ratio(server?.latency.p99, results['bare-express']?.latency.p99),
        throughputVsHttp: ratio(server?.requestsPerSecond, results['bare-http']?.requestsPerSecond),
        throughputVsPg: ratio(server?.requestsPerSecond, results['bare-pg']?.requestsPerSecond),
        p99VsPg: ratio(server?.latency.p99, results['bare-pg']?.latency.p99),
        throughputVsHandWritten: ratio(server?.requestsPerSecond, results['hand-written']?.requestsPerSecond),
        p99VsHandWritten: ratio(server?.latency.p99, results['hand-written']?.latency.p99),
      },
    };
  });
  const sorted = [...suite.startup.postgresMs].sort((a, b) => a - b);
  return {
    ...suite,
    routes,
    runs: suite.routes,
    startupPostgresMedianMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    checks: checkTargets(suite, routes),
  };
}
