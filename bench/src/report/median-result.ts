import type { LoadResult } from '../load/load-spec.js';
import type { RouteRun } from '../suite/compare-routes.js';

/** The figures of one target on one operation over its repeated runs. */
export interface TargetFigures extends LoadResult {
  runs: number;
  cpuUsPerRequest: number;
  databaseCpuUsPerRequest: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * Medians of throughput, latency percentiles and CPU per request (the target's and the database's) over
 * the runs (one noisy run does not decide); the worst maximum latency; errors and requests added up.
 */
export function medianOf(runs: RouteRun[]): TargetFigures {
  const results = runs.map((r) => r.result);
  const statusCodes: Record<string, number> = {};
  for (const r of results) {
    for (const [code, count] of Object.entries(r.statusCodes))
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
  }
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    runs: runs.length,
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    requests: sum((r) => r.requests),
    latency: {
      p50: median(results.map((r) => r.latency.p50)),
      p90: median(results.map((r) => r.latency.p90)),
      p99: median(results.map((r) => r.latency.p99)),
      max: Math.max(...results.map((r) => r.latency.max)),
      mean: median(results.map((r) => r.latency.mean)),
    },
    errors: sum((r) => r.errors),
    non2xx: sum((r) => r.non2xx),
    statusCodes,
    cpuUsPerRequest: median(runs.map((r) => r.cpuUsPerRequest)),
    databaseCpuUsPerRequest: median(runs.map((r) => r.databaseCpuUsPerRequest)),
  };
}
