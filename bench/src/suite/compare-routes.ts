import { backendCpu, backendCpuBetween } from '../database/backend-cpu.js';
import type { LoadResult } from '../load/load-spec.js';
import { SCENARIOS, type Scenario, type ScenarioId, scenario } from '../scenarios.js';
import type { ChildTarget } from '../targets/child-target.js';
import { loadScenario, type Target } from './load-scenario.js';
import type { SuiteContext } from './suite-context.js';

export type TargetId = 'server' | 'bare-express' | 'bare-pg' | 'hand-written' | 'bare-http';

export interface RouteRun {
  scenario: ScenarioId;
  target: TargetId;
  /** 1, 2, ...: the operations the targets are judged on are measured several times, interleaved. */
  repeat: number;
  result: LoadResult;
  /** CPU time the target's process spent per request (user + system), in microseconds. */
  cpuUsPerRequest: number;
  /** CPU time the database's backends spent per request (NaN when PostgreSQL is not on this machine). */
  databaseCpuUsPerRequest: number;
}

/**
 * The operations the targets are about, measured `options.repeats` times, the members of each
 * group in turn and in alternating order (me, dashboard, dashboard, me, ...), so that slow moments of the
 * machine fall on all alike; an even number of repeats balances a drift of its load exactly.
 * request-magic-link for a known and an unknown email alternate the same way: their comparison is a target.
 */
const INTERLEAVED: ScenarioId[][] = [
  ['me', 'dashboard'],
  ['magic-link-known', 'magic-link-unknown'],
];
/** Baseline (c) answers only these, and baseline (d) only GET /me. */
export const BARE_PG_SCENARIOS: ScenarioId[] = ['me', 'dashboard'];
export const HAND_WRITTEN_SCENARIOS: ScenarioId[] = ['me'];
const INITIAL_WARMUP_SECONDS = 3;

export interface Targets {
  server: ChildTarget;
  bareExpress: ChildTarget;
  barePg: ChildTarget;
  handWritten: ChildTarget;
  bareHttp: ChildTarget;
}

/**
 * Every scenario (of `only`, when given) on baseline (b), the server, baselines (c) and (d) where they
 * answer, and baseline (a), back to back, so that they share the machine's conditions of that moment.
 * Each target is warmed up once per scenario.
 */
export async function compareRoutes(
  ctx: SuiteContext,
  targets: Targets,
  only: ScenarioId[] | undefined = undefined,
): Promise<RouteRun[]> {
  const runs: RouteRun[] = [];
  const wanted = SCENARIOS.filter((s) => !only || only.includes(s.id));
  // The server has more code for the JIT to compile than the baselines: every target first serves `me`
  // for a while, so that the first scenario measured does not pay for it.
  const all = [targets.bareExpress, targets.server, targets.barePg, targets.handWritten, targets.bareHttp];
  for (const target of all) {
    await loadScenario(ctx, scenario('me'), target, INITIAL_WARMUP_SECONDS);
  }
  const measure = async (s: Scenario, repeat: number) => {
    for (const [target, where] of order(s, targets)) {
      if (repeat === 1 && ctx.options.warmupSeconds > 0) {
        await loadScenario(ctx, s, where, ctx.options.warmupSeconds);
      }
      let cpuBefore = 0;
      let databaseBefore = new Map<number, number>();
      const result = await loadScenario(ctx, s, where, ctx.options.durationSeconds, async () => {
        databaseBefore = await backendCpu(ctx.db);
        cpuBefore = where.cpuMs();
      });
      const cpuUsPerRequest = ((where.cpuMs() - cpuBefore) * 1000) / Math.max(1, result.requests);
      const databaseCpuUsPerRequest =
        backendCpuBetween(databaseBefore, await backendCpu(ctx.db)) / Math.max(1, result.requests);
      ctx.log(
        `  ${s.id.padEnd(19)} ${target.padEnd(13)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s` +
          `  mean ${result.latency.mean.toFixed(2)} ms  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms` +
          `  errors ${result.errors}  cpu ${cpuUsPerRequest.toFixed(0)} us/req` +
          `  database ${databaseCpuUsPerRequest.toFixed(0)} us/req`,
      );
      runs.push({ scenario: s.id, target, repeat, result, cpuUsPerRequest, databaseCpuUsPerRequest });
    }
  };
  const grouped = INTERLEAVED.flat();
  for (const s of wanted) if (!grouped.includes(s.id)) await measure(s, 1);
  for (const group of INTERLEAVED) {
    const members = wanted.filter((s) => group.includes(s.id));
    for (let repeat = 1; repeat <= ctx.options.repeats; repeat++) {
      // In turn A B, then B A: a machine getting busier or quieter during the run favours neither member
      // (with a fixed order the second of each pair was measured faster on a machine whose load fell).
      const turn = repeat % 2 === 1 ? members : [...members].reverse();
      for (const s of turn) await measure(s, repeat);
    }
  }
  return runs;
}

function order(s: Scenario, targets: Targets): [TargetId, ChildTarget & Target][] {
  if (s.serverOnly) return [['server', targets.server]];
  return [
    ['bare-express', targets.bareExpress],
    ['server', targets.server],
    ...(BARE_PG_SCENARIOS.includes(s.id) ? [['bare-pg', targets.barePg] as [TargetId, ChildTarget]] : []),
    ...(HAND_WRITTEN_SCENARIOS.includes(s.id)
      ? [['hand-written', targets.handWritten] as [TargetId, ChildTarget]]
      : []),
    ['bare-http', targets.bareHttp],
  ];
}
