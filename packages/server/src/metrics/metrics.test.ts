import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callOperation, readJson } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { databaseKinds } from '../testing/test-database.js';
import { insertMagicLink, signIn } from '../tests/support/auth-fixtures.js';
import { insertUserWithClient } from '../tests/support/fixtures.js';
import { PROMTOOL_MISSING, promtool, runPromtool } from '../tests/support/promtool.js';
import { waitFor } from '../tests/support/wait-for.js';
import { hashToken } from '../tokens/secret-token.js';

/** The value of one sample of a Prometheus text exposition, or undefined when there is no such series. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).match(/^\{(.*)\}/)?.[1] ?? '';
    const present = Object.fromEntries([...labelText.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(line.split(' ').pop());
  }
  return undefined;
}

describe.each(databaseKinds())('the metrics of a server on %s', (kind) => {
  let server: TestServer;
  let mailDir: string;
  beforeAll(async () => {
    mailDir = await mkdtemp(path.join(tmpdir(), 'portal-metrics-mail-'));
    server = await startTestServer(kind, {
      METRICS_PORT: '0',
      MAIL_OUTBOX_DIR: mailDir,
      OUTBOX_POLL_MS: '20',
      RATE_LIMIT_MAGIC_LINK_EMAIL: '1/60',
      RATE_LIMIT_VALIDATE_IP: '1000/60',
      RATE_LIMIT_REFRESH_IP: '1000/60',
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  const scrape = async () => {
    const res = await fetch(server.metricsUrl as string);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('are served on their own listener, never on the public port', async () => {
    expect(server.metricsUrl).toBeDefined();
    expect(new URL(server.metricsUrl as string).port).not.toBe(new URL(server.url).port);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect((await fetch(new URL('/', server.metricsUrl))).status).toBe(404);
  });

  it('move with real traffic: requests, sign-in events, mail, refusals; with bounded labels only', async () => {
    const db = server.database.knex;
    const { tenant, user } = await insertUserWithClient(db);
    const before = await scrape();
    const count = (text: string, labels: Record<string, string>) =>
      sample(text, 'portal_http_request_duration_seconds_count', labels) ?? 0;

    // A link for a real user (mailed), one for nobody (counted alike, nothing sent), one over the limit (429).
    const request = (email: string) =>
      callOperation(server.url, 'requestMagicLink', { body: { email, tenantCode: tenant.code } });
    expect((await request(user.email)).status).toBe(204);
    expect((await request('nobody-metrics@example.com')).status).toBe(204);
    expect((await request(user.email)).status).toBe(429);
    await waitFor('the mail to be written', async () => (await readdir(mailDir)).length === 1);

    // A redeemed link, a refused one, a rotation, and a replay of the rotated token after the grace period.
    const tokens = await signIn(server.url, db, user);
    expect(
      (await callOperation(server.url, 'validateMagicLink', { query: { token: 'x'.repeat(43) } })).status,
    ).toBe(401);
    // A wrong one-time code (the mail above has the right one).
    const wrongCode = { email: user.email, tenantCode: tenant.code, code: 'AAAA-AAAA' };
    expect((await callOperation(server.url, 'verifyCode', { body: wrongCode })).status).toBe(401);
    const refresh = (refreshToken: string) =>
      callOperation(server.url, 'refreshSession', { body: { refreshToken } });
    await readJson(await refresh(tokens.refreshToken), 'refreshSession', 200);
    await db('refresh_tokens')
      .where({ token_hash: hashToken(tokens.refreshToken) })
      .update({ rotated_at: new Date(Date.now() - 60_000) });
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
    // A path of the client's choosing, and one that is no operation at all.
    expect((await fetch(`${server.url}/v1/no-such-thing/${user.email}`)).status).toBe(404);
    await insertMagicLink(db, user); // waits unsent in no outbox: links inserted directly carry no mail

    const after = await waitFor('the mail sent to be counted', async () => {
      const text = await scrape();
      return (sample(text, 'portal_mail_sends_total', { result: 'sent' }) ?? 0) >= 2 ? text : undefined;
    });
    const delta = (name: string, labels: Record<string, string> = {}) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);

    expect(
      count(after, { operation: 'requestMagicLink', status: '204' }) -
        count(before, { operation: 'requestMagicLink', status: '204' }),
    ).toBe(2);
    expect(count(after, { operation: 'requestMagicLink', status: '429' })).toBe(1);
    expect(count(after, { operation: 'validateMagicLink', status: '401' })).toBe(1);
    expect(count(after, { operation: 'refreshSession', status: '200' })).toBe(1);
    expect(count(after, { operation: 'none', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(delta('portal_magic_links_total', { outcome: 'requested' })).toBe(2);
    expect(delta('portal_magic_links_total', { outcome: 'redeemed' })).toBe(1);
    expect(delta('portal_magic_links_total', { outcome: 'refused' })).toBe(1);
    expect(delta('portal_sign_in_codes_total', { outcome: 'refused' })).toBe(1);
    expect(delta('portal_sign_in_codes_total', { outcome: 'accepted' })).toBe(0);
    expect(delta('portal_refresh_rotations_total')).toBe(1);
    expect(delta('portal_refresh_reuse_detections_total')).toBe(1);
    expect(delta('portal_rate_limit_refusals_total', { limiter: 'magic_link_email' })).toBe(1);
    expect(delta('portal_rate_limit_refusals_total', { limiter: 'magic_link_ip' })).toBe(0);
    expect(delta('portal_mail_sends_total', { result: 'sent' })).toBe(2);
    expect(sample(after, 'portal_mail_outbox_depth')).toBe(0);
    expect(sample(after, 'portal_mail_outbox_oldest_unsent_age_seconds')).toBe(0);
    expect(sample(after, 'portal_http_requests_in_flight')).toBe(0);
    expect(sample(after, 'portal_db_pool_connections_in_use')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);

    // Nothing a client chose or a person is: no email, tenant, user id or raw path in any label.
    for (const secret of [user.email, tenant.code, user.id, 'nobody-metrics', '/v1/', 'no-such-thing']) {
      expect(after).not.toContain(secret);
    }
    const operations = new Set([...after.matchAll(/operation="([^"]*)"/g)].map((m) => m[1]));
    expect([...operations].every((op) => op === 'none' || /^[a-z][A-Za-z]+$/.test(op as string))).toBe(true);
  });

  it('move alike for a registered and an unregistered address (request-magic-link, then verify-code)', async () => {
    const db = server.database.knex;
    const { tenant, user } = await insertUserWithClient(db);
    const outboxEmpty = async () => {
      const text = await scrape();
      return sample(text, 'portal_mail_outbox_depth') === 0 ? text : undefined;
    };
    /** Every series a request may move; timings and the process's own gauges aside. */
    const series = (text: string) =>
      new Map(
        text
          .split('\n')
          .filter((line) => line !== '' && !line.startsWith('#'))
          .filter((line) => !/^(process_|nodejs_|portal_db_pool_|portal_mail_outbox_oldest)/.test(line))
          .filter((line) => !/^portal_http_request_duration_seconds_(bucket|sum)/.test(line))
          .map((line) => {
            const at = line.lastIndexOf(' ');
            return [line.slice(0, at), Number(line.slice(at + 1))] as const;
          }),
      );
    const moved = (before: string, after: string) => {
      const [a, b] = [series(before), series(after)];
      return Object.fromEntries([...b].map(([k, v]) => [k, v - (a.get(k) ?? 0)]).filter(([, d]) => d !== 0));
    };
    const ask = async (email: string) => {
      const before = await waitFor('an empty outbox', outboxEmpty);
      const body = { email, tenantCode: tenant.code };
      expect((await callOperation(server.url, 'requestMagicLink', { body })).status).toBe(204);
      await waitFor(
        'the request handled',
        async () => (await db('mail_outbox').where({ status: 'pending' })).length === 0,
      );
      const code = { ...body, code: 'AAAA-AAAA' };
      expect((await callOperation(server.url, 'verifyCode', { body: code })).status).toBe(401);
      return moved(before, await waitFor('an empty outbox', outboxEmpty));
    };

    const forKnown = await ask(user.email);
    const forUnknown = await ask(`nobody-${kind}-${Date.now()}@example.com`);
    expect(forKnown['portal_magic_links_total{outcome="requested"}']).toBe(1);
    expect(forUnknown).toEqual(forKnown);
  });

  it(`show the mail waiting: queue depth and the age of the oldest unsent mail`, async () => {
    const db = server.database.knex;
    await db('mail_outbox').insert({
      to_address: 'later@example.com',
      subject: 'Later',
      text_body: 'sealed',
      html_body: 'sealed',
      created_at: new Date(Date.now() - 120_000),
      next_attempt_at: new Date(Date.now() + 3_600_000), // not due: the worker leaves it
    });
    const text = await scrape();
    expect(sample(text, 'portal_mail_outbox_depth')).toBe(1);
    expect(sample(text, 'portal_mail_outbox_oldest_unsent_age_seconds')).toBeGreaterThanOrEqual(119);
    await db('mail_outbox').where({ to_address: 'later@example.com' }).delete();
  });

  it.skipIf(!promtool)(`pass promtool check metrics after real traffic${PROMTOOL_MISSING}`, async () => {
    await callOperation(server.url, 'getMe', {});
    const check = runPromtool(['check', 'metrics'], await scrape());
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
  });
});
