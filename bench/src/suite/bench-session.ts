import { mintMagicLinks, mintRefreshTokens } from '../database/bench-queries.js';
import { BENCH_USER_EMAIL, DATASET } from '../database/dataset.js';
import { SCENARIOS } from '../scenarios.js';
import type { BenchSession, SuiteContext } from './suite-context.js';

const API = '/api/v1/portal';

/** Signs the bench user in the way a person does: a magic-link token redeemed with validate. */
export async function signIn(ctx: SuiteContext, serverUrl: string): Promise<BenchSession> {
  const prefix = ctx.uniqueTag('sign-in');
  await mintMagicLinks(ctx.db, prefix, 1);
  const body = await call(serverUrl, 'POST', `${API}/auth/validate?token=${prefix}0`);
  const { accessToken } = JSON.parse(body.text as string) as { accessToken: string };
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] as string, 'base64url').toString()) as {
    sub: string;
    tid: string;
    cid: string;
    sid: string;
    jti: string;
  };
  return {
    accessToken,
    lastUnpaidInvoicesPage: await lastPageOf(serverUrl, accessToken, `${API}/invoices?state=unpaid`),
    principal: {
      userId: claims.sub,
      tenantId: claims.tid,
      clientId: claims.cid,
      sessionId: claims.sid,
      tokenId: claims.jti,
    },
  };
}

/** Follows `nextCursor` from the first page of `path` to the last one; returns the last page's path. */
async function lastPageOf(serverUrl: string, accessToken: string, path: string): Promise<string> {
  let page = path;
  for (;;) {
    const res = await call(serverUrl, 'GET', page, accessToken);
    if (res.status !== 200) throw new Error(`${page} answered ${res.status}: ${res.text}`);
    const { nextCursor } = JSON.parse(res.text as string) as { nextCursor: string | null };
    if (nextCursor === null) return page;
    page = `${path}&cursor=${encodeURIComponent(nextCursor)}`;
  }
}

/**
 * The server's own answer to each scenario, for baseline (a) to repeat from memory: the same bytes of
 * JSON, so that the baseline's work differs only in how the answer is found.
 */
export async function captureAnswers(
  ctx: SuiteContext,
  serverUrl: string,
  session: BenchSession,
): Promise<Record<string, { status: number; body: string | null }>> {
  const answers: Record<string, { status: number; body: string | null }> = {};
  for (const s of SCENARIOS.filter((each) => !each.serverOnly)) {
    const prefix = ctx.uniqueTag(`answer-${s.id}`);
    if (s.consumes === 'magic-link') await mintMagicLinks(ctx.db, prefix, 1);
    if (s.consumes === 'refresh') await mintRefreshTokens(ctx.db, prefix, 1);
    const path = s.consumes === 'magic-link' ? `${s.path}?token=${prefix}0` : s.path;
    const body =
      s.id === 'refresh'
        ? { refreshToken: `${prefix}0` }
        : s.id.startsWith('magic-link')
          ? { email: BENCH_USER_EMAIL, tenantCode: DATASET.largeTenantCode }
          : undefined;
    const res = await call(serverUrl, s.method, path, session.accessToken, body);
    if (res.status >= 300) throw new Error(`${s.id} answered ${res.status}: ${res.text}`);
    answers[`${s.method} ${s.path}`] = { status: res.status, body: res.text };
  }
  return answers;
}

/** One request with fetch; the body as text, or null when there is none (204). */
async function call(
  baseUrl: string,
  method: string,
  path: string,
  accessToken?: string,
  body?: unknown,
): Promise<{ status: number; text: string | null }> {
  const headers: Record<string, string> = {};
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text: text === '' ? null : text };
}
