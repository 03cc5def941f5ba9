import { mintMagicLinks, mintRefreshTokens } from '../database/bench-queries.js';
import type { LoadResult, LoadSpec } from '../load/load-spec.js';
import { runLoad } from '../load/run-load.js';
import { type Scenario, scenarioPath } from '../scenarios.js';
import type { SuiteContext } from './suite-context.js';

// Single-use tokens minted per run: above what this machine redeems per second, so a run never runs out
// (if it did, the reused tokens would show up as 401 errors in the report).
const TOKENS_PER_SECOND = 6000;

/** Where a run sends its requests: a server, and a prefix before the contract's paths. */
export interface Target {
  url: string;
  pathPrefix?: string;
}

/**
 * The requests of one run of a scenario, the same for every target (bearer header included), with
 * `tokens` fresh single-use tokens minted when the scenario consumes them.
 */
export async function prepareRequests(
  ctx: SuiteContext,
  s: Scenario,
  tokens: number,
): Promise<Pick<LoadSpec, 'method' | 'headers' | 'vary'>> {
  const tag = ctx.uniqueTag(s.id);
  const tokenPrefix = `${tag}-`;
  if (s.consumes === 'magic-link') await mintMagicLinks(ctx.db, tokenPrefix, tokens);
  if (s.consumes === 'refresh') await mintRefreshTokens(ctx.db, tokenPrefix, tokens);
  const headers: Record<string, string> = {};
  if (s.bearer) headers.authorization = `Bearer ${ctx.session().accessToken}`;
  if (s.method === 'POST') headers['content-type'] = 'application/json';
  return { method: s.method, headers, vary: s.vary({ tag, tokenPrefix }) };
}

/**
 * One timed load run of a scenario against a target (the server or a baseline). `beforeLoad` runs once
 * the requests are prepared (tokens minted), right before the load: where a measurement of the run starts.
 */
export async function loadScenario(
  ctx: SuiteContext,
  s: Scenario,
  target: Target,
  durationSeconds: number,
  beforeLoad?: () => Promise<void>,
): Promise<LoadResult> {
  const requests = await prepareRequests(ctx, s, Math.ceil(durationSeconds * TOKENS_PER_SECOND));
  await beforeLoad?.();
  return runLoad({
    ...requests,
    url: target.url,
    path: `${target.pathPrefix ?? ''}${scenarioPath(s, ctx.session())}`,
    connections: ctx.options.connections,
    durationSeconds,
  });
}
