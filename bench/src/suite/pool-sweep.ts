import type { LoadResult } from '../load/load-spec.js';
import { type ScenarioId, scenario } from '../scenarios.js';
import { startPortalServer } from '../targets/start-targets.js';
import { loadScenario } from './load-scenario.js';
import type { SuiteContext } from './suite-context.js';

export interface PoolRun {
  poolMax: number;
  scenario: ScenarioId;
  result: LoadResult;
}

const POOL_RUN_SECONDS = 3;

/** The server with each DB_POOL_MAX of the options, on `me` and `dashboard`: the basis of the default. */
export async function poolSweep(ctx: SuiteContext): Promise<PoolRun[]> {
  const runs: PoolRun[] = [];
  for (const poolMax of ctx.options.poolSizes) {
    const server = await startPortalServer(ctx, { DB_POOL_MAX: String(poolMax) });
    try {
      for (const id of ['me', 'dashboard'] as const) {
        await loadScenario(ctx, scenario(id), server, ctx.options.warmupSeconds);
        const result = await loadScenario(ctx, scenario(id), server, POOL_RUN_SECONDS);
        ctx.log(
          `  pool ${String(poolMax).padStart(2)} ${id.padEnd(10)} ${result.requestsPerSecond.toFixed(0)} req/s` +
            `  p99 ${result.latency.p99} ms`,
        );
        runs.push({ poolMax, scenario: id, result });
      }
    } finally {
      await server.stop();
    }
  }
  return runs;
}
