import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type ScenarioId, scenario } from '../scenarios.js';
import type { ChildTarget } from '../targets/child-target.js';
import {
  startBareExpress,
  startBareHttp,
  startBarePg,
  startHandWrittenMe,
  startPortalServer,
} from '../targets/start-targets.js';
import { captureAnswers, signIn } from './bench-session.js';
import { BARE_PG_SCENARIOS, compareRoutes, HAND_WRITTEN_SCENARIOS, type RouteRun } from './compare-routes.js';
import { embeddedStartup } from './embedded-startup.js';
import { memoryRounds } from './memory-rounds.js';
import { type PoolRun, poolSweep } from './pool-sweep.js';
import { countRoundTrips, type RoundTripCount } from './round-trips.js';
import type { SuiteContext } from './suite-context.js';

/** Everything measured on one Node version. */
export interface SuiteResult {
  node: { label: string; version: string };
  routes: RouteRun[];
  /** Server RSS after all routes' runs, then after each memory round. Bytes. */
  rssAfterRoutes: number;
  rssRounds: number[];
  roundTrips: RoundTripCount[];
  startup: { postgresMs: number[]; embeddedFirstMs: number; embeddedRestartMs: number };
  pool: PoolRun[];
}

/**
 * One Node version's whole report: the server and the baselines side by side on every route, memory over
 * repeated rounds, round trips per request, start-up times, and the pool size comparison.
 */
export async function runSuite(ctx: SuiteContext): Promise<SuiteResult> {
  const started: ChildTarget[] = [];
  try {
    ctx.log(
      `[${ctx.node.label}] routes: baseline (b), server, baselines (c) and (d), baseline (a), back to back`,
    );
    const server = await startPortalServer(ctx);
    started.push(server);
    const session = await signIn(ctx, server.url);
    ctx.setSession(session);
    const answersFile = path.join(ctx.workDir, 'answers.json');
    const answers = await captureAnswers(ctx, server.url, session);
    writeFileSync(answersFile, JSON.stringify(answers));
    const bareExpress = await startBareExpress(ctx, session.principal);
    started.push(bareExpress);
    const barePg = await startBarePg(ctx);
    started.push(barePg);
    await expectSameAnswers('baseline (c)', barePg.url, session.accessToken, answers, BARE_PG_SCENARIOS);
    const handWritten = await startHandWrittenMe(ctx);
    started.push(handWritten);
    await expectSameAnswers(
      'baseline (d)',
      handWritten.url,
      session.accessToken,
      answers,
      HAND_WRITTEN_SCENARIOS,
    );
    const bareHttp = await startBareHttp(ctx, answersFile);
    started.push(bareHttp);

    const routes = await compareRoutes(
      ctx,
      { server, bareExpress, barePg, handWritten, bareHttp },
      ctx.options.scenarios,
    );
    await bareExpress.stop();
    await barePg.stop();
    await handWritten.stop();
    await bareHttp.stop();
    const rssAfterRoutes = server.rssBytes();
    ctx.log(`[${ctx.node.label}] memory over ${ctx.options.memoryRounds} rounds`);
    const rssRounds = await memoryRounds(ctx, server);
    await server.stop();

    ctx.log(`[${ctx.node.label}] round trips per request, start-up on PostgreSQL`);
    const { counts, startupMs } = await countRoundTrips(ctx);
    ctx.log(`[${ctx.node.label}] start-up on the embedded database`);
    const embedded = await embeddedStartup(ctx);
    ctx.log(`[${ctx.node.label}] pool sizes`);
    const pool = await poolSweep(ctx);
    return {
      node: { label: ctx.node.label, version: ctx.node.version },
      routes,
      rssAfterRoutes,
      rssRounds,
      roundTrips: counts,
      startup: {
        postgresMs: startupMs,
        embeddedFirstMs: embedded.firstMs,
        embeddedRestartMs: embedded.restartMs,
      },
      pool,
    };
  } finally {
    for (const target of started) await target.stop();
  }
}

/** Baselines (c) and (d) must do the server's work: the same bodies for the operations they answer. */
async function expectSameAnswers(
  name: string,
  url: string,
  accessToken: string,
  answers: Record<string, { status: number; body: string | null }>,
  ids: ScenarioId[],
): Promise<void> {
  for (const id of ids) {
    const s = scenario(id);
    const res = await fetch(`${url}${s.path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    const body: unknown = await res.json();
    const expected = JSON.parse(answers[`${s.method} ${s.path}`]?.body ?? 'null') as unknown;
    if (res.status !== 200 || !isDeepStrictEqual(body, expected))
      throw new Error(`${name} answered ${id} unlike the server: ${JSON.stringify(body)}`);
  }
}
