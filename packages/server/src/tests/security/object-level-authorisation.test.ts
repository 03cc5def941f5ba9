import { callOperation, operationRequest, readJson } from '@portal/test-kit/call-operation';
import { PARAMETERLESS_READS, type ParameterlessRead } from '@portal/test-kit/parameterless-reads';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { realDatabaseKind } from '../../testing/test-database.js';
import { verifyAccessToken } from '../../tokens/access-token.js';
import { insertMagicLink, resolveSignInRequests, signIn } from '../support/auth-fixtures.js';
import {
  accessTokenFor,
  type ClientRow,
  insertClient,
  insertTenant,
  insertUser,
  type TenantRow,
  type UserRow,
} from '../support/fixtures.js';
import { insertDashboardDataset, insertFor } from '../support/records.js';

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

  const read = async (operationId: ParameterlessRead, party: Party) =>
    callOperation(server.url, operationId, {
      accessToken: await accessTokenFor(db(), server.accessTokens, party.user),
    });

  it('every read answers the asker’s own records and holds nothing of anyone else’s', async () => {
    for (const party of [alice, bob, carol]) {
      const others = [alice, bob, carol].filter((p) => p !== party);
      for (const operationId of PARAMETERLESS_READS) {
        const res = await read(operationId, party);
        expect(res.status).toBe(200);
        const text = await res.text();
        for (const mark of others.flatMap((p) => p.marks)) expect(text, operationId).not.toContain(mark);
      }
      const me = await readJson(await read('getMe', party), 'getMe', 200);
      expect(me).toMatchObject({ id: party.user.id, clientId: party.client.id });
      const client = await readJson(await read('getClient', party), 'getClient', 200);
      expect(client.id).toBe(party.client.id);
    }
    expect(await (await read('getScopes', carol)).json()).toEqual({
      configurator: false,
      finance: false,
      support: true,
    });
    expect((await readJson(await read('getDashboardStats', carol), 'getDashboardStats', 200)).currency).toBe(
      'USD',
    );
  });

  it('no query parameter can point a read at another client, user or tenant', async () => {
    const accessToken = await accessTokenFor(db(), server.accessTokens, alice.user);
    for (const operationId of PARAMETERLESS_READS) {
      // Parameters the contract does not define: added to the typed call's URL as an attacker would.
      const { url, init } = operationRequest(server.url, operationId, { accessToken });
      for (const query of [
        `clientId=${bob.client.id}`,
        `userId=${carol.user.id}`,
        `tenantId=${carol.tenant.id}`,
        `id=${bob.client.id}`,
        `tenantCode=${carol.tenant.code}`,
      ]) {
        const res = await fetch(`${url}?${query}`, init);
        expect({ operationId, query, status: res.status }).toEqual({ operationId, query, status: 400 });
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
    // One sign-in for both calls: the list of sign-ins would otherwise differ by the second one.
    const accessToken = await accessTokenFor(db(), server.accessTokens, alice.user);
    for (const operationId of PARAMETERLESS_READS) {
      const plain = await (await callOperation(server.url, operationId, { accessToken })).json();
      const smuggling = await callOperation(server.url, operationId, { accessToken, headers: smuggled });
      expect(await smuggling.json()).toEqual(plain);
    }
  });

  it('logout with the refresh token of someone of another client or tenant revokes nothing', async () => {
    for (const victim of [bob, carol]) {
      const theirs = await signIn(server.url, db(), victim.user);
      const res = await callOperation(server.url, 'logout', {
        body: { refreshToken: theirs.refreshToken },
        accessToken: await accessTokenFor(db(), server.accessTokens, alice.user),
      });
      expect(res.status).toBe(204);
      expect(
        (await callOperation(server.url, 'refreshSession', { body: { refreshToken: theirs.refreshToken } }))
          .status,
      ).toBe(200);
    }
  });

  it('validate and refresh sign in the owner of the token only, whoever else’s bearer comes along', async () => {
    const accessToken = await accessTokenFor(db(), server.accessTokens, alice.user);
    const link = await insertMagicLink(db(), carol.user);
    const validated = await readJson(
      await callOperation(server.url, 'validateMagicLink', { query: { token: link }, accessToken }),
      'validateMagicLink',
      200,
    );
    expect(verifyAccessToken(server.accessTokens, validated.accessToken)).toMatchObject({
      userId: carol.user.id,
      tenantId: carol.tenant.id,
    });
    const refreshed = await readJson(
      await callOperation(server.url, 'refreshSession', {
        body: { refreshToken: validated.refreshToken },
        accessToken,
      }),
      'refreshSession',
      200,
    );
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
      callOperation(server.url, 'requestMagicLink', { body: { email, tenantCode: tenant.code } });

    expect((await ask(alice.tenant, 'same@example.com')).status).toBe(204);
    await resolveSignInRequests(db(), server.mailCipher); // as the outbox worker does
    expect((await linksOf(alice)).length).toBe(before.alice + 1);
    expect((await linksOf(carol)).length).toBe(before.carol);
    const mail = await db()('mail_outbox').orderBy('created_at', 'desc').first();
    expect(mail.tenant_id).toBe(alice.tenant.id);

    // Bob's email in carol's tenant names nobody there: nothing is stored for anyone.
    const tokensBefore = (await db()('magic_link_tokens')).length;
    expect((await ask(carol.tenant, bob.user.email)).status).toBe(204);
    expect(await resolveSignInRequests(db(), server.mailCipher)).toEqual([]);
    expect((await db()('magic_link_tokens')).length).toBe(tokensBefore);
  });
});
