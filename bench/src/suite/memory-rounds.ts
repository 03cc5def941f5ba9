import { setTimeout as sleep } from 'node:timers/promises';
import { type ScenarioId, scenario } from '../scenarios.js';
import type { ChildTarget } from '../targets/child-target.js';
import { loadScenario } from './load-scenario.js';
import type { SuiteContext } from './suite-context.js';

const ROUND: ScenarioId[] = ['me', 'dashboard', 'magic-link-unknown'];
const ROUND_RUN_SECONDS = 3;

/**
 * Memory across repeated runs: the server's resident set after each round of load on the same operations.
 * A leak grows with every round; a flat series after the first (warm-up) round means none.
 */
export async function memoryRounds(ctx: SuiteContext, server: ChildTarget): Promise<number[]> {
  const rss: number[] = [server.rssBytes()];
  for (let round = 1; round <= ctx.options.memoryRounds; round++) {
    for (const id of ROUND) await loadScenario(ctx, scenario(id), server, ROUND_RUN_SECONDS);
    await sleep(500);
    rss.push(server.rssBytes());
    ctx.log(`  round ${round}: RSS ${(server.rssBytes() / 2 ** 20).toFixed(1)} MiB`);
  }
  return rss;
}
