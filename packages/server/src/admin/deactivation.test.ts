import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Schemas } from '@portal/contract';
import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../entry-points/admin-cli/commands.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { databaseKinds } from '../testing/test-database.js';
import { insertMagicLink, signIn } from '../tests/support/auth-fixtures.js';
import type { ImportDocument } from './import/import-document.js';

type Tokens = Schemas['AuthTokens'];
type Who = 'user' | 'client' | 'tenant';
type Path = 'command' | 'import';

/*
 * Deactivating a user, their client or their tenant, by a portal-admin command or by importing the record
 * as inactive, ends every sign-in under it; reactivating it, either way, revives none: an access token and
 * a refresh token of before stay refused, and only a new sign-in works again.
 */
describe.each(databaseKinds())('deactivation ends sign-ins for good, on %s', (kind) => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'portal-deactivation-'));
    server = await startTestServer(kind, {
      OUTBOX_WORKER: 'false',
      RATE_LIMIT_VALIDATE_IP: '1000/60',
      RATE_LIMIT_REFRESH_IP: '1000/60',
      RATE_LIMIT_MAGIC_LINK_IP: '1000/60',
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const db = () => server.database.knex;
  let files = 0;
  /** Runs a portal-admin command line as the CLI runs it (parsed, then on the server's database). */
  const portalAdmin = (...argv: string[]) => parseCommand(argv, dir)(db());
  const importing = (document: ImportDocument) => {
    const file = path.join(dir, `import-${files++}.json`);
    writeFileSync(file, JSON.stringify(document));
    return portalAdmin('import', file);
  };
  const me = (tokens: Tokens) => callOperation(server.url, 'getMe', { accessToken: tokens.accessToken });
  const refresh = (tokens: Tokens) =>
    callOperation(server.url, 'refreshSession', { body: { refreshToken: tokens.refreshToken } });

  let worlds = 0;
  /** A tenant with two clients and a user in each, imported; Ada is the one each test deactivates. */
  async function world() {
    const code = `deact-${kind}-${worlds++}`;
    const document = {
      tenants: [{ externalId: code, code, name: 'Deactivation', currency: 'EUR' }],
      clients: [
        { tenantCode: code, externalId: 'c-ada', name: 'Lovelace Ltd' },
        { tenantCode: code, externalId: 'c-bob', name: 'Babbage Ltd' },
      ],
      users: [
        { tenantCode: code, clientExternalId: 'c-ada', externalId: 'u-ada', email: 'ada@example.com' },
        { tenantCode: code, clientExternalId: 'c-bob', externalId: 'u-bob', email: 'bob@example.com' },
      ].map((u) => ({ ...u, firstName: 'F', lastName: 'L' })),
    } satisfies ImportDocument;
    await importing(document);
    const user = (email: string) =>
      db()('portal_users as u')
        .join('tenants as t', 't.id', 'u.tenant_id')
        .where({ 't.code': code, 'u.email': email })
        .first('u.id', 'u.tenant_id', 'u.client_id');
    return { code, document, ada: await user('ada@example.com'), bob: await user('bob@example.com') };
  }

  /** How each path deactivates and reactivates Ada, her client or her tenant. */
  const PATHS: Record<
    Who,
    Record<Path, (w: Awaited<ReturnType<typeof world>>, active: boolean) => unknown>
  > = {
    user: {
      command: (w, active) =>
        portalAdmin(
          'user',
          active ? 'activate' : 'deactivate',
          '--tenant',
          w.code,
          '--email',
          'ada@example.com',
        ),
      import: (w, active) =>
        importing({ users: w.document.users.map((u) => (u.externalId === 'u-ada' ? { ...u, active } : u)) }),
    },
    client: {
      command: (w, active) =>
        portalAdmin(
          'client',
          active ? 'activate' : 'deactivate',
          '--tenant',
          w.code,
          '--client',
          w.ada.client_id,
        ),
      import: (w, active) =>
        importing({
          clients: w.document.clients.map((c) => (c.externalId === 'c-ada' ? { ...c, active } : c)),
        }),
    },
    tenant: {
      command: (w, active) => portalAdmin('tenant', active ? 'activate' : 'deactivate', '--code', w.code),
      import: (w, active) => importing({ tenants: w.document.tenants.map((t) => ({ ...t, active })) }),
    },
  };

  describe.each(['user', 'client', 'tenant'] as const)('a %s', (who) => {
    it.each(['command', 'import'] as const)('deactivated and reactivated by %s', async (by) => {
      const w = await world();
      const other = await world();
      // Who keeps their sign-in: Bob of the other client, unless the whole tenant goes; a user of another tenant.
      const bystanders = [...(who === 'tenant' ? [] : [w.bob]), other.ada];
      const before = await signIn(server.url, db(), w.ada);
      const alsoBefore = await signIn(server.url, db(), w.ada);
      const theirs = await Promise.all(bystanders.map((u) => signIn(server.url, db(), u)));

      await PATHS[who][by](w, false);
      expect((await me(before)).status).toBe(401);
      const sessions = await db()('sessions').where({ user_id: w.ada.id }).select('revoked_reason');
      expect(sessions.map((s) => s.revoked_reason)).toEqual(['deactivated', 'deactivated']);
      // While deactivated, no new sign-in either.
      const link = await insertMagicLink(db(), w.ada);
      expect((await callOperation(server.url, 'validateMagicLink', { query: { token: link } })).status).toBe(
        401,
      );

      await PATHS[who][by](w, true);
      // The refresh token is first presented here, after the reactivation: it must not have come back.
      expect((await refresh(before)).status).toBe(401);
      expect((await refresh(alsoBefore)).status).toBe(401);
      expect((await me(before)).status).toBe(401);
      expect((await me(alsoBefore)).status).toBe(401);
      // Reactivated indeed: a new sign-in works.
      expect((await me(await signIn(server.url, db(), w.ada))).status).toBe(200);
      for (const tokens of theirs) {
        expect((await me(tokens)).status).toBe(200);
        expect((await refresh(tokens)).status).toBe(200);
      }
    });
  });

  it('an inactive client, however it became so, gets no sign-in link and keeps no sign-in', async () => {
    const w = await world();
    const tokens = await signIn(server.url, db(), w.ada);
    await db()('clients').where({ id: w.ada.client_id }).update({ active: false });
    expect((await me(tokens)).status).toBe(401);
    expect((await refresh(tokens)).status).toBe(401);
    const links = () => db()('magic_link_tokens').where({ user_id: w.ada.id }).count({ n: '*' });
    const before = await links();
    const asked = await callOperation(server.url, 'requestMagicLink', {
      body: { email: 'ada@example.com', tenantCode: w.code },
    });
    expect(asked.status).toBe(204);
    expect(await links()).toEqual(before);
  });

  it('says how many sign-ins a command ended, and names what it cannot find', async () => {
    const w = await world();
    await signIn(server.url, db(), w.ada);
    await signIn(server.url, db(), w.bob);
    expect(await PATHS.client.command(w, false)).toMatchObject({ active: false, endedSignIns: 1 });
    expect(await PATHS.tenant.command(w, false)).toMatchObject({ active: false, endedSignIns: 1 });
    expect(await PATHS.tenant.command(w, true)).toMatchObject({ active: true });
    await expect(
      portalAdmin('client', 'deactivate', '--tenant', w.code, '--client', w.bob.id),
    ).rejects.toThrow(`Tenant "${w.code}" has no client with id ${w.bob.id}; check --client.`);
    await expect(portalAdmin('client', 'activate', '--tenant', w.code, '--client', 'bob')).rejects.toThrow(
      '--client "bob" is not a client id',
    );
    await expect(portalAdmin('tenant', 'activate', '--code', 'no-such-tenant')).rejects.toThrow(
      'No tenant with code "no-such-tenant"',
    );
  });
});
