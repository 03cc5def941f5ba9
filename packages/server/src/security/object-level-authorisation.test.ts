import type { Schemas } from '@portal/contract';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAccessToken } from '../auth/access-token.js';
import { insertMagicLink, post, signIn, validate } from '../test-support/auth-fixtures.js';
import {
  accessTokenFor,
  type ClientRow,
  insertClient,
  insertTenant,
  insertUser,
  type TenantRow,
  type UserRow,
} from '../test-support/fixtures.js';
import { insertDashboardDataset, insertFor } from '../test-support/records.js';
import { realDatabaseKind } from '../test-support/test-database.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// Broken object-level authorisation (OWASP API1): every operation, tried by users of another client of
// the same tenant and of another tenant. No operation takes an id; who is asking comes from the token
// only. These tests look for any way around that, and for any record of someone else in an answer.

interface Party {
  tenant: TenantRow;
  client: ClientRow;
  user: UserRow;
  /** Values that only this party's records hold: none may appear in an answer to anyone else. */
  marks: string[];
}

async function insertParty(db: Knex, tenant: TenantRow, name: string, email?: string): Promise<Party> {
  const client = await insertClient(db, tenant, { name: `${name} Ltd`, email: `office@${name}.example` });
  const address = await insertFor(db, 'client_addresses', client, {
    street: `${name} Street`,
    house_number: '1',
    postal_code: `PC-${name}`,
    city: `${name} City`,
    country: 'GB',
  });
  await insertDashboardDataset(db, client);
  const user = await insertUser(db, client, {
    first_name: `${name}-first`,
    last_name: `${name}-last`,
    ...(email ? { email } : {}),
  });
  return {
    tenant,
    client,
    user,
    marks: [client.id, client.name, `${name} Street`, `PC-${name}`, address.id, user.id, `${name}-first`],
  };
}

describe(`object-level authorisation on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  let alice: Party; // tenant A, client 1
  let bob: Party; // tenant A, client 2
  let carol: Party; // tenant B, with the same email as alice
  const db = () => server.database.knex;

  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind(), {
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_MAGIC_LINK_IP: '1000/60',
      RATE_LIMIT_VALIDATE_IP: '1000/60',
    });
    const tenantA = await insertTenant(db(), { section_finance: true } as Partial<TenantRow>);
    const tenantB = await insertTenant(db(), {
      currency: 'USD',
      section_support: true,
    } as Partial<TenantRow>);
    alice = await insertParty(db(), tenantA, 'alice', 'same@example.com');
    bob = await insertParty(db(), tenantA, 'bob');
    carol = await insertParty(db(), tenantB, 'carol', 'same@example.com');
  });
  afterAll(() => server?.close());

  const reads = ['/me', '/client', '/scopes', '/dashboard/stats'];
  const read = (path: string, party: Party, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/portal${path}`, {
      headers: { authorization: `Bearer ${accessTokenFor(server.accessTokens, party.user)}`, ...headers },
    });

  it('every read answers the asker’s own records and holds nothing of anyone else’s', async () => {
    for (const party of [alice, bob, carol]) {
      const others = [alice, bob, carol].filter((p) => p !== party);
      for (const path of reads) {
        const res = await read(path, party);
        expect(res.status).toBe(200);
        const text = await res.text();
        for (const mark of others.flatMap((p) => p.marks)) expect(text, path).not.toContain(mark);
      }
      const me = (await (await read('/me', party)).json()) as Schemas['PortalMe'];
      expect(me).toMatchObject({ id: party.user.id, clientId: party.client.id });
      const client = (await (await read('/client', party)).json()) as Schemas['PortalClient'];
      expect(client.id).toBe(party.client.id);
    }
    expect(await (await read('/scopes', carol)).json()).toEqual({
      configurator: false,
      finance: false,
      support: true,
    });
    expect(
      ((await (await read('/dashboard/stats', carol)).json()) as Schemas['DashboardStats']).currency,
    ).toBe('USD');
  });

  it('no query parameter can point a read at another client, user or tenant', async () => {
    for (const path of reads) {
      for (const query of [
        `clientId=${bob.client.id}`,
        `userId=${carol.user.id}`,
        `tenantId=${carol.tenant.id}`,
        `id=${bob.client.id}`,
        `tenantCode=${carol.tenant.code}`,
      ]) {
        const res = await read(`${path}?${query}`, alice);
        expect({ path, query, status: res.status }).toEqual({ path, query, status: 400 });
      }
    }
  });

  it('no header can point a read at another client, user or tenant', async () => {
    const smuggled = {
      'x-tenant-id': carol.tenant.id,
      'x-tenant-code': carol.tenant.code,
      'x-client-id': bob.client.id,
      'x-user-id': carol.user.id,
      'x-forwarded-user': carol.user.email,
    };
    for (const path of reads) {
      const plain = await (await read(path, alice)).json();
      expect(await (await read(path, alice, smuggled)).json()).toEqual(plain);
    }
  });

  it('logout with the refresh token of someone of another client or tenant revokes nothing', async () => {
    for (const victim of [bob, carol]) {
      const theirs = await signIn(server.url, db(), victim.user);
      const res = await post(
        server.url,
        '/auth/logout',
        { refreshToken: theirs.refreshToken },
        { authorization: `Bearer ${accessTokenFor(server.accessTokens, alice.user)}` },
      );
      expect(res.status).toBe(204);
      expect((await post(server.url, '/auth/refresh', { refreshToken: theirs.refreshToken })).status).toBe(
        200,
      );
    }
  });

  it('validate and refresh sign in the owner of the token only, whoever else’s bearer comes along', async () => {
    const aliceBearer = { authorization: `Bearer ${accessTokenFor(server.accessTokens, alice.user)}` };
    const link = await insertMagicLink(db(), carol.user);
    const validated = (await (await validate(server.url, link, aliceBearer)).json()) as Schemas['AuthTokens'];
    expect(verifyAccessToken(server.accessTokens, validated.accessToken)).toMatchObject({
      userId: carol.user.id,
      tenantId: carol.tenant.id,
    });
    const refreshed = (await (
      await post(server.url, '/auth/refresh', { refreshToken: validated.refreshToken }, aliceBearer)
    ).json()) as Schemas['AuthTokens'];
    expect(verifyAccessToken(server.accessTokens, refreshed.accessToken)).toMatchObject({
      userId: carol.user.id,
      tenantId: carol.tenant.id,
      clientId: carol.client.id,
    });
  });

  it('a sign-in link goes to the user of the tenant asked for, never to the same email elsewhere', async () => {
    const linksOf = (party: Party) => db()('magic_link_tokens').where({ user_id: party.user.id });
    const before = { alice: (await linksOf(alice)).length, carol: (await linksOf(carol)).length };
    const ask = (tenant: TenantRow, email: string) =>
      post(server.url, '/auth/request-magic-link', { email, tenantCode: tenant.code });

    expect((await ask(alice.tenant, 'same@example.com')).status).toBe(204);
    expect((await linksOf(alice)).length).toBe(before.alice + 1);
    expect((await linksOf(carol)).length).toBe(before.carol);
    const mail = await db()('mail_outbox').orderBy('created_at', 'desc').first();
    expect(mail.tenant_id).toBe(alice.tenant.id);

    // Bob's email in carol's tenant names nobody there: nothing is stored for anyone.
    const tokensBefore = (await db()('magic_link_tokens')).length;
    expect((await ask(carol.tenant, bob.user.email)).status).toBe(204);
    expect((await db()('magic_link_tokens')).length).toBe(tokensBefore);
  });
});
