import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database.js';
import { type CliDatabase, cli, createCliDatabase, withDatabase } from '../../tests/support/cli-harness.js';
import { insertClient, insertTenant, insertUser, type UserRow } from '../../tests/support/fixtures.js';
import { isStillActive } from '../../tokens/live-principal.js';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe.each(databaseKinds())('portal-admin sessions on %s', (kind) => {
  let database: CliDatabase;
  let env: Record<string, string>;
  let tenantCode: string;
  let user: UserRow;
  let neighbour: UserRow;
  beforeAll(async () => {
    database = await createCliDatabase(kind);
    env = database.env;
    await withDatabase(env, async (db) => {
      const tenant = await insertTenant(db);
      tenantCode = tenant.code;
      const client = await insertClient(db, tenant);
      user = await insertUser(db, client);
      neighbour = await insertUser(db, client);
    });
  });
  afterAll(() => database?.drop());

  /** Live sign-ins of `who`, started `minutesAgo` each; returns their ids. */
  const signIns = (who: UserRow, ...minutesAgo: number[]) =>
    withDatabase(env, async (db) => {
      const ids: string[] = [];
      for (const m of minutesAgo) {
        const at = new Date(Date.now() - m * 60_000);
        const [row] = await db('sessions')
          .insert({
            tenant_id: who.tenant_id,
            user_id: who.id,
            created_at: at,
            last_used_at: at,
            expires_at: new Date(Date.now() + 86_400_000),
            created_ip: '203.0.113.77',
            created_user_agent: FIREFOX,
          })
          .returning('id');
        ids.push(row.id);
      }
      return ids;
    });
  const live = (who: UserRow, sessionId: string) =>
    withDatabase(env, (db) =>
      isStillActive(db, {
        userId: who.id,
        tenantId: who.tenant_id,
        clientId: who.client_id,
        sessionId,
        tokenId: randomUUID(),
      }),
    );
  const sessions = (...extra: string[]) =>
    cli(env, 'sessions', ...extra, '--tenant', tenantCode, '--email', user.email.toUpperCase());

  it('lists the live sign-ins, most recently used first, with device and coarse network only', async () => {
    const [older, newer] = await signIns(user, 30, 5);
    const run = await sessions('list');
    expect(run.exitCode).toBe(0);
    const listed = run.json().sessions as { id: string }[];
    expect(listed.slice(0, 2).map((s) => s.id)).toEqual([newer, older]);
    expect(listed[0]).toMatchObject({ device: 'Firefox on Windows', network: '203.0.x.x' });
    expect(run.stdout).not.toContain('203.0.113.77');
  });

  it('revokes one sign-in by id: it ends at once, the others and the user stay', async () => {
    const [keep, end] = await signIns(user, 10, 9);
    const run = await sessions('revoke', '--id', end as string);
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ revoked: [end] });
    expect(await live(user, end as string)).toBe(false);
    expect(await live(user, keep as string)).toBe(true);
    const row = await withDatabase(env, (db) => db('sessions').where({ id: end }).first());
    expect(row.revoked_reason).toBe('staff');
  });

  it('revokes all sign-ins of the person with --all, and none of anyone else', async () => {
    const mine = await signIns(user, 3, 2);
    const [theirs] = await signIns(neighbour, 1);
    const run = await sessions('revoke', '--all');
    expect(run.exitCode).toBe(0);
    expect(run.json().revoked).toEqual(expect.arrayContaining(mine));
    for (const id of mine) expect(await live(user, id)).toBe(false);
    expect(await live(neighbour, theirs as string)).toBe(true);
    const active = await withDatabase(env, (db) => db('portal_users').where({ id: user.id }).first('active'));
    expect(active.active).toBe(true);
    expect((await sessions('list')).json().sessions).toEqual([]);
  });

  it("refuses another person's id (exit 65), ending nothing", async () => {
    const [theirs] = await signIns(neighbour, 1);
    const run = await sessions('revoke', '--id', theirs as string);
    expect(run.exitCode).toBe(65);
    expect(run.stderr).toMatch(/has no live sign-in with id/);
    expect(await live(neighbour, theirs as string)).toBe(true);
  });

  it('refuses a bad command line with exit 64 and an unknown person with exit 65', async () => {
    expect((await sessions('revoke')).exitCode).toBe(64);
    expect((await sessions('revoke', '--all', '--id', '00000000-0000-4000-8000-000000000000')).exitCode).toBe(
      64,
    );
    expect((await sessions('revoke', '--id', 'not-an-id')).exitCode).toBe(64);
    const nobody = await cli(
      env,
      'sessions',
      'list',
      '--tenant',
      tenantCode,
      '--email',
      'nobody@example.com',
    );
    expect(nobody.exitCode).toBe(65);
    const noTenant = await cli(env, 'sessions', 'list', '--tenant', 'no-such', '--email', user.email);
    expect(noTenant.exitCode).toBe(65);
  });
});
