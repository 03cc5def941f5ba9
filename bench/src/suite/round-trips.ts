import { setTimeout as sleep } from 'node:timers/promises';
import { transactionCount } from '../database/bench-queries.js';
import { runLoad } from '../load/run-load.js';
import { SCENARIOS, type ScenarioId, scenarioPath } from '../scenarios.js';
import { startPortalServer } from '../targets/start-targets.js';
import { prepareRequests } from './load-scenario.js';
import type { SuiteContext } from './suite-context.js';

export interface RoundTripCount {
  scenario: ScenarioId;
  requests: number;
  errors: number;
  /** Database transactions (a statement outside a transaction counts as one) per request. */
  transactionsPerRequest: number;
}

// The runner's own pool closes an idle connection within this time (see main.ts), which then reports
// its counts: minting tokens before a window must not land inside it.
const RUNNER_POOL_SETTLE_MS = 600;

/**
 * The N+1 check: for each scenario a fresh server answers N sequential requests and stops; the database's
 * transaction counter, less that of a server that started and stopped without a request, divided by N.
 * Every figure must be a small constant (the bench user's client has 5,000 invoices). The starts double
 * as the start-up time on PostgreSQL.
 */
export async function countRoundTrips(
  ctx: SuiteContext,
): Promise<{ counts: RoundTripCount[]; startupMs: number[] }> {
  const startupMs: number[] = [];
  const window = async (work: (url: string) => Promise<void>) => {
    await sleep(RUNNER_POOL_SETTLE_MS);
    const before = await transactionCount(ctx.databaseUrl);
    const server = await startPortalServer(ctx);
    startupMs.push(server.readyMs);
    await work(server.url);
    await server.stop();
    await sleep(300); // the server's backends report their counts as they exit
    return (await transactionCount(ctx.databaseUrl)) - before;
  };
  const idle = await window(async () => {});
  const counts: RoundTripCount[] = [];
  const n = ctx.options.queryCountRequests;
  for (const s of SCENARIOS) {
    const requests = await prepareRequests(ctx, s, n);
    let errors = 0;
    const total = await window(async (url) => {
      const spec = {
        ...requests,
        url,
        path: scenarioPath(s, ctx.session()),
        connections: 1,
        durationSeconds: 60,
        amount: n,
      };
      errors = (await runLoad(spec)).errors;
    });
    const perRequest = (total - idle) / n;
    counts.push({ scenario: s.id, requests: n, errors, transactionsPerRequest: perRequest });
    ctx.log(`  ${s.id.padEnd(19)} ${perRequest.toFixed(2)} transactions per request`);
  }
  return { counts, startupMs };
}
