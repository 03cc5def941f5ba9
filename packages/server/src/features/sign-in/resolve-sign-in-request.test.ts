import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDueMails } from '../../mail/outbox-repository.js';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { databaseText } from '../../tests/support/auth-fixtures.js';
import { insertUserWithClient } from '../../tests/support/fixtures.js';
import { signInRequestResolver } from './resolve-sign-in-request.js';

describe.each(databaseKinds())('the outbox worker resolving sign-in requests on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { OUTBOX_WORKER: 'false', RATE_LIMIT_MAGIC_LINK_IP: '1000/60' });
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;
  const request = async (email: string, tenantCode: string) => {
    const res = await callOperation(server.url, 'requestMagicLink', { body: { email, tenantCode } });
    expect(res.status).toBe(204);
  };
  // Due a minute from now: whatever the clocks of database and test, the request just recorded is claimed.
  const claimOf = async (email: string) => {
    const claimed = await claimDueMails(db(), { now: new Date(Date.now() + 60_000), limit: 100, leaseMs: 0 });
    const mail = claimed.find((m) => m.signInRequest?.email === email);
    if (!mail) throw new Error(`no sign-in request of ${email} was claimed`);
    return mail;
  };

  it('writes one link and one mail when two workers resolve the same request (a lease ran out)', async () => {
    const { tenant, user } = await insertUserWithClient(db());
    await request(user.email, tenant.code);
    const first = await claimOf(user.email);
    const second = await claimOf(user.email); // the lease (0 ms) is over: claimed again, as by another worker
    expect(second.id).toBe(first.id);
    const resolve = signInRequestResolver(db(), server.mailCipher);
    const outcomes = await Promise.all([resolve(first), resolve(second)]);
    expect(outcomes.filter((m) => m !== null)).toHaveLength(1);
    expect(await db()('magic_link_tokens').where({ user_id: user.id })).toHaveLength(1);
    const row = await db()('mail_outbox').where({ id: first.id }).first();
    expect(row).toMatchObject({ to_address: user.email, tenant_id: tenant.id, sign_in_request: null });
  });

  it('drops the request of an address that names no one, keeping nothing of it', async () => {
    const { tenant } = await insertUserWithClient(db());
    const stranger = `nobody-${kind}-${Date.now()}@example.com`;
    await request(stranger, tenant.code);
    expect(await databaseText(db())).toContain(stranger); // recorded like any request...
    const mail = await claimOf(stranger);
    expect(await signInRequestResolver(db(), server.mailCipher)(mail)).toBeNull();
    expect(await databaseText(db())).not.toContain(stranger); // ...and gone once resolved
  });
});
