import path from 'node:path';
import type { SuiteContext } from '../suite/suite-context.js';
import {
  BARE_EXPRESS_SCRIPT,
  BARE_HTTP_SCRIPT,
  BARE_PG_SCRIPT,
  benchEnv,
  HAND_WRITTEN_ME_SCRIPT,
  SERVER_SCRIPT,
} from './bench-env.js';
import { type ChildTarget, startTarget } from './child-target.js';

/** The portal server in production mode on the bench database, on this suite's Node. */
export function startPortalServer(
  ctx: SuiteContext,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ChildTarget> {
  return startTarget({
    name: 'portal server',
    node: ctx.node.path,
    script: ctx.options.serverScript ?? SERVER_SCRIPT,
    nodeArgs,
    env: benchEnv(ctx.databaseUrl, { ...ctx.options.serverEnv, ...extraEnv }),
    readyPath: '/readyz',
    logFile: path.join(ctx.workDir, 'server.log'),
  });
}

/** Baseline (b): bare Express running the server's handlers, with the server's environment. */
export function startBareExpress(ctx: SuiteContext, principal: object): Promise<ChildTarget> {
  return startTarget({
    name: 'baseline (b) bare Express',
    node: ctx.node.path,
    script: BARE_EXPRESS_SCRIPT,
    env: { ...benchEnv(ctx.databaseUrl), BENCH_PRINCIPAL: JSON.stringify(principal) },
    readyPath: '/readyz',
    logFile: path.join(ctx.workDir, 'bare-express.log'),
  });
}

/**
 * Baseline (c): bare Express + pg + jsonwebtoken, with the server's environment (its key, pool size and
 * database), answering GET /me and the dashboard with one hand-written statement each.
 */
export function startBarePg(ctx: SuiteContext, nodeArgs: string[] = []): Promise<ChildTarget> {
  return startTarget({
    name: 'baseline (c) bare Express + pg',
    node: ctx.node.path,
    script: BARE_PG_SCRIPT,
    nodeArgs,
    env: benchEnv(ctx.databaseUrl),
    readyPath: '/readyz',
    logFile: path.join(ctx.workDir, 'bare-pg.log'),
  });
}

/**
 * Baseline (d): GET /me written by hand (Express + pg + jsonwebtoken, one primary-key query, no liveness
 * check), with the server's environment (its key, pool size and database).
 */
export function startHandWrittenMe(ctx: SuiteContext, nodeArgs: string[] = []): Promise<ChildTarget> {
  return startTarget({
    name: 'baseline (d) hand-written GET /me',
    node: ctx.node.path,
    script: HAND_WRITTEN_ME_SCRIPT,
    nodeArgs,
    env: benchEnv(ctx.databaseUrl),
    readyPath: '/readyz',
    logFile: path.join(ctx.workDir, 'hand-written-me.log'),
  });
}

/** Baseline (a): bare node:http answering from `answersFile`. */
export function startBareHttp(ctx: SuiteContext, answersFile: string): Promise<ChildTarget> {
  return startTarget({
    name: 'baseline (a) bare node:http',
    node: ctx.node.path,
    script: BARE_HTTP_SCRIPT,
    env: { BENCH_ANSWERS_FILE: answersFile },
    readyPath: '/readyz',
    logFile: path.join(ctx.workDir, 'bare-http.log'),
  });
}
