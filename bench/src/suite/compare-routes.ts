import type { LoadResult } from '../load/load-spec.js';
import { SCENARIOS, type ScenarioId, scenario } from '../scenarios.js';
import type { ChildTarget } from '../targets/child-target.js';
import { loadScenario, type Target } from './load-scenario.js';
import type { SuiteContext } from './suite-context.js';

export type TargetId = 'server' | 'bare-express' | 'bare-express-handler-only' | 'bare-http';

export interface RouteRun {
  scenario: ScenarioId;
  target: TargetId;
  /** 1, 2, ...: the operations the targets are judged on are measured several times, interleaved. */
  repeat: number;
  result: LoadResult;
  /** CPU time the target's process spent per request (user + system), in microseconds. */
  cpuUsPerRequest: number;
}

/** The operations the targets are about: measured `options.repeats` times, interleaved. */
const REPEATED: ScenarioId[] = ['me', 'dashboard'];
const INITIAL_WARMUP_SECONDS = 3;

/**
 * Every scenario on baseline (b), the server and baseline (a), back to back, so the three share the
 * machine's conditions of that moment; `me` and `dashboard` several times over, in turn. For `me`,
 * baseline (b) also runs without the active-user query. Each target is warmed up once per scenario.
 */
export async function compareRoutes(
  ctx: SuiteContext,
  targets: { server: ChildTarget; bareExpress: ChildTarget; bareHttp: ChildTarget },
): Promise<RouteRun[]> {
  const runs: RouteRun[] = [];
  // The server has more code for the JIT to compile than the baselines: every target first serves `me`
  // for a while, so that the first scenario measured does not pay for it.
  for (const target of [targets.bareExpress, targets.server, targets.bareHttp]) {
    await loadScenario(ctx, scenario('me'), target, INITIAL_WARMUP_SECONDS);
  }
  for (const s of SCENARIOS) {
    const order: [TargetId, Target, ChildTarget][] = [
      ['bare-express', targets.bareExpress, targets.bareExpress],
      ['server', targets.server, targets.server],
      ['bare-http', targets.bareHttp, targets.bareHttp],
    ];
    if (s.id === 'me') {
      const handlerOnly = { url: targets.bareExpress.url, pathPrefix: '/handler-only' };
      order.push(['bare-express-handler-only', handlerOnly, targets.bareExpress]);
    }
    const repeats = REPEATED.includes(s.id) ? ctx.options.repeats : 1;
    for (let repeat = 1; repeat <= repeats; repeat++) {
      for (const [target, where, process] of order) {
        if (repeat === 1 && ctx.options.warmupSeconds > 0) {
          await loadScenario(ctx, s, where, ctx.options.warmupSeconds);
        }
        const cpuBefore = process.cpuMs();
        const result = await loadScenario(ctx, s, where, ctx.options.durationSeconds);
        const cpuUsPerRequest = ((process.cpuMs() - cpuBefore) * 1000) / Math.max(1, result.requests);
        ctx.log(
          `  ${s.id.padEnd(19)} ${target.padEnd(26)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s` +
            `  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  errors ${result.errors}` +
            `  cpu ${cpuUsPerRequest.toFixed(0)} us/req`,
        );
        runs.push({ scenario: s.id, target, repeat, result, cpuUsPerRequest });
      }
    }
  }
  return runs;
}
