import type { ScenarioId } from '../scenarios.js';
import type { TargetId } from '../suite/compare-routes.js';
import type { SuiteResult } from '../suite/run-suite.js';
import type { TargetFigures } from './median-result.js';

/** One target of the issue, as measured within one run. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** Undefined when the run did not measure it (a short run's `--scenarios`, `--rounds 0`). */
  pass: boolean | undefined;
}

const READS: ScenarioId[] = ['me', 'client', 'scopes', 'dashboard'];
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const times = (x: number) => `${x.toFixed(2)}x`;

/** The targets, each a ratio within the same run (absolute figures are not stable here). */
export interface RouteComparison {
  scenario: ScenarioId;
  results: Partial<Record<TargetId, TargetFigures>>;
  /** server / baseline (b): throughput and p99; server / baseline (a): throughput; server / (c); server / (d). */
  ratios: {
    throughputVsExpress: number;
    p99VsExpress: number;
    throughputVsHttp: number;
    throughputVsPg: number;
    p99VsPg: number;
    throughputVsHandWritten: number;
    p99VsHandWritten: number;
  };
}

export function checkTargets(suite: SuiteResult, routes: RouteComparison[]): TargetCheck[] {
  // A figure of a scenario the run left out is NaN: say so rather than report it failed.
  return allTargets(suite, routes).map((check) =>
    check.measured.includes('NaN')
      ? { ...check, measured: 'not measured in this run', pass: undefined }
      : check,
  );
}

function allTargets(suite: SuiteResult, routes: RouteComparison[]): TargetCheck[] {
  const route = (id: string) =>
    routes.find((r) => r.scenario === id) ?? ({ scenario: id, results: {}, ratios: {} } as RouteComparison);
  const me = route('me');
  const dashboard = route('dashboard');
  const known = route('magic-link-known').results.server;
  const unknown = route('magic-link-unknown').results.server;
  const meP99 = me.results.server?.latency.p99 ?? Number.NaN;
  const dashboardP99 = dashboard.results.server?.latency.p99 ?? Number.NaN;
  const unknownVsKnown = (unknown?.latency.mean ?? Number.NaN) / (known?.latency.mean ?? Number.NaN);
  const unknownVsKnownP99 = (unknown?.latency.p99 ?? Number.NaN) / (known?.latency.p99 ?? Number.NaN);
  const within3 = (x: number) => Math.abs(x - 1) <= 0.03;
  const reads = suite.roundTrips.filter((c) => READS.includes(c.scenario));
  const firstRound = suite.rssRounds[1] ?? Number.NaN;
  const lastRound = suite.rssRounds.at(-1) ?? Number.NaN;
  const roundTrips = suite.roundTrips.map((c) => c.transactionsPerRequest);
  const errors = suite.routes
    .filter((r) => r.target !== 'bare-http')
    .reduce((sum, r) => sum + r.result.errors, 0);
  const runsOfMe = me.results.server?.runs ?? 0;
  return [
    ...(['me', 'dashboard'] as const).flatMap((id) => {
      const { ratios } = route(id);
      const name = id === 'me' ? 'GET /me' : 'GET /dashboard/stats';
      return [
        {
          target: `${name} throughput >= 0.95x baseline (c)`,
          measured: times(ratios.throughputVsPg),
          pass: ratios.throughputVsPg >= 0.95,
        },
        {
          target: `${name} p99 <= 1.2x baseline (c)`,
          measured: times(ratios.p99VsPg),
          pass: ratios.p99VsPg <= 1.2,
        },
      ];
    }),
    {
      target: 'GET /me throughput >= 0.6x baseline (d), hand-written without the liveness check',
      measured: times(me.ratios.throughputVsHandWritten),
      pass: me.ratios.throughputVsHandWritten >= 0.6,
    },
    {
      target: 'GET /me p99 <= 1.6x baseline (d)',
      measured: times(me.ratios.p99VsHandWritten),
      pass: me.ratios.p99VsHandWritten <= 1.6,
    },
    {
      target: 'one database round trip per read (me, client, scopes, dashboard)',
      measured: reads.map((c) => `${c.scenario} ${c.transactionsPerRequest.toFixed(2)}`).join(', '),
      pass:
        reads.length === READS.length && reads.every((c) => Math.abs(c.transactionsPerRequest - 1) < 0.05),
    },
    {
      target: `request-magic-link: unknown and known emails within 3% in mean and p99 (medians of ${known?.runs ?? 0} alternating runs)`,
      measured: `unknown/known mean ${times(unknownVsKnown)}, p99 ${times(unknownVsKnownP99)}`,
      pass: within3(unknownVsKnown) && within3(unknownVsKnownP99),
    },
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
    ...(['invoices-unpaid', 'invoices-last-page'] as const).map((id) => {
      const p99 = route(id).results.server?.latency.p99 ?? Number.NaN;
      const page = id === 'invoices-unpaid' ? 'first page' : 'last page by cursor';
      return {
        target: `unpaid invoices of the 5,000-invoice client, ${page}: p99 <= 2x GET /me p99`,
        measured: times(p99 / meP99),
        pass: p99 <= 2 * meP99,
      };
    }),
    {
      target: 'one database round trip per page of a list (with the authorisation check)',
      measured: suite.roundTrips
        .filter((c) => c.scenario.startsWith('invoices'))
        .map((c) => `${c.scenario} ${c.transactionsPerRequest.toFixed(2)}`)
        .join(', '),
      pass: suite.roundTrips
        .filter((c) => c.scenario.startsWith('invoices'))
        .every((c) => Math.abs(c.transactionsPerRequest - 1) < 0.05),
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
