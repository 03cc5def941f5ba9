import type { ScenarioId } from '../scenarios.js';
import type { TargetId } from '../suite/compare-routes.js';
import type { SuiteResult } from '../suite/run-suite.js';
import type { TargetFigures } from './median-result.js';

/** One target of the issue, as measured within one run. */
export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const times = (x: number) => `${x.toFixed(2)}x`;

/** The targets, each a ratio within the same run (absolute figures are not stable here). */
export interface RouteComparison {
  scenario: ScenarioId;
  results: Partial<Record<TargetId, TargetFigures>>;
  /** server / baseline (b): throughput and p99; server / baseline (a): throughput. */
  ratios: { throughputVsExpress: number; p99VsExpress: number; throughputVsHttp: number };
}

export function checkTargets(suite: SuiteResult, routes: RouteComparison[]): TargetCheck[] {
  const route = (id: string) => routes.find((r) => r.scenario === id) as RouteComparison;
  const me = route('me');
  const dashboard = route('dashboard');
  const known = route('magic-link-known').results.server;
  const unknown = route('magic-link-unknown').results.server;
  const meP99 = me.results.server?.latency.p99 ?? Number.NaN;
  const dashboardP99 = dashboard.results.server?.latency.p99 ?? Number.NaN;
  const unknownVsKnown = (unknown?.latency.mean ?? Number.NaN) / (known?.latency.mean ?? Number.NaN);
  const firstRound = suite.rssRounds[1] ?? Number.NaN;
  const lastRound = suite.rssRounds.at(-1) ?? Number.NaN;
  const roundTrips = suite.roundTrips.map((c) => c.transactionsPerRequest);
  const errors = suite.routes
    .filter((r) => r.target !== 'bare-http')
    .reduce((sum, r) => sum + r.result.errors, 0);
  const runsOfMe = me.results.server?.runs ?? 0;
  return [
    {
      target: `GET /me throughput >= 70% of baseline (b) (medians of ${runsOfMe} interleaved runs)`,
      measured: pct(me.ratios.throughputVsExpress),
      pass: me.ratios.throughputVsExpress >= 0.7,
    },
    {
      target: 'GET /me p99 <= 1.5x baseline (b)',
      measured: times(me.ratios.p99VsExpress),
      pass: me.ratios.p99VsExpress <= 1.5,
    },
    {
      target: 'dashboard stats p99 <= 2x GET /me p99',
      measured: times(dashboardP99 / meP99),
      pass: dashboardP99 <= 2 * meP99,
    },
    {
      // A margin for noise: two runs of the same operation differ by a few percent here.
      target: 'request-magic-link: unknown emails no slower than known (mean latency, 10% noise margin)',
      measured: `unknown/known ${times(unknownVsKnown)}`,
      pass: unknownVsKnown <= 1.1,
    },
    {
      target: 'no N+1: a small constant number of transactions per request (5,000-invoice client)',
      measured: suite.roundTrips
        .map((c) => `${c.scenario} ${c.transactionsPerRequest.toFixed(2)}`)
        .join(', '),
      pass: roundTrips.every((n) => n <= 3.1 && Math.abs(n - Math.round(n)) < 0.1),
    },
    {
      target: 'memory flat: RSS after the last round within 10% of the first round',
      measured: `${mib(firstRound)} -> ${mib(lastRound)}`,
      pass: lastRound <= firstRound * 1.1,
    },
    {
      target: 'no errors on the server or baseline (b)',
      measured: String(errors),
      pass: errors === 0,
    },
  ];
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
