import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database.js';
import { type CliDatabase, cli, createCliDatabase, withDatabase } from '../../tests/support/cli-harness.js';

const UUID = /^[0-9a-f-]{36}$/;

// Every command opens the database anew, as a run of portal-admin does: an embedded one from disk takes
// seconds, several times over in the longer cases, and CI runs this beside the other suites.
describe.each(databaseKinds())('portal-admin commands on %s', { timeout: 120_000 }, (kind) => {
  let database: CliDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    database = await createCliDatabase(kind);
    env = database.env;
  });
  afterAll(() => database?.drop());

  it('creates a tenant, a client and a user, each printed as one JSON object with its id', async () => {
    const tenant = await cli(
      env,
      'tenant',
      'create',
      '--code',
      'acme',
      '--name',
      'Acme',
      '--currency',
      'JPY',
      '--sections',
      'finance,support',
    );
    expect(tenant.exitCode).toBe(0);
    expect(tenant.stdout.trim().split('\n')).toHaveLength(1);
    expect(tenant.json()).toEqual({
      id: expect.stringMatching(UUID),
      code: 'acme',
      name: 'Acme',
      currency: 'JPY',
      sections: ['finance', 'support'],
      active: true,
    });

    const client = await cli(
      env,
      'client',
      'create',
      '--tenant',
      'acme',
      '--name',
      'Widgets Ltd',
      '--email',
      'office@widgets.example',
    );
    expect(client.json()).toEqual({
      id: expect.stringMatching(UUID),
      tenantCode: 'acme',
      name: 'Widgets Ltd',
      email: 'office@widgets.example',
      phone: null,
      active: true,
    });

    const user = await cli(
      env,
      'user',
      'create',
      '--tenant',
      'acme',
      '--client',
      client.json().id as string,
      '--email',
      'Wanda@Widgets.example',
      '--first-name',
      'Wanda',
      '--last-name',
      'Widget',
    );
    expect(user.exitCode).toBe(0);
    expect(user.json()).toEqual({
      id: expect.stringMatching(UUID),
      tenantCode: 'acme',
      clientId: client.json().id,
      email: 'Wanda@Widgets.example',
      firstName: 'Wanda',
      lastName: 'Widget',
      active: true,
    });

    const stored = await withDatabase(env, (db) =>
      db('portal_users as u')
        .join('tenants as t', 't.id', 'u.tenant_id')
        .where('u.id', user.json().id as string)
        .first('t.code', 'u.client_id', 'u.active'),
    );
    expect(stored).toEqual({ code: 'acme', client_id: client.json().id, active: true });
  });

  it('replaces the sections of a tenant with exactly the set given, or none', async () => {
    await cli(
      env,
      'tenant',
      'create',
      '--code',
      'sections',
      '--name',
      'S',
      '--currency',
      'EUR',
      '--sections',
      'configurator',
    );
    const changed = await cli(
      env,
      'tenant',
      'sections',
      '--code',
      'sections',
      '--sections',
      'finance,support',
    );
    expect(changed.json()).toMatchObject({ code: 'sections', sections: ['finance', 'support'] });
    const none = await cli(env, 'tenant', 'sections', '--code', 'sections', '--sections', '');
    expect(none.json()).toMatchObject({ sections: [] });
  });

  it('deactivates a user found by email in any case, and ends their sign-ins', async () => {
    await cli(env, 'tenant', 'create', '--code', 'deact', '--name', 'D', '--currency', 'EUR');
    const client = (await cli(env, 'client', 'create', '--tenant', 'deact', '--name', 'C')).json();
    const user = (
      await cli(
        env,
        'user',
        'create',
        '--tenant',
        'deact',
        '--client',
        client.id as string,
        '--email',
        'bob@example.com',
        '--first-name',
        'Bob',
        '--last-name',
        'B',
      )
    ).json();
    await withDatabase(env, (db) =>
      db('sessions').insert({
        tenant_id: db('tenants').where({ code: 'deact' }).select('id'),
        user_id: user.id,
        expires_at: new Date(Date.now() + 86_400_000),
      }),
    );
    const run = await cli(env, 'user', 'deactivate', '--tenant', 'deact', '--email', 'BOB@example.com');
    expect(run.exitCode).toBe(0);
    expect(run.json()).toMatchObject({ id: user.id, active: false });
    const revoked = await withDatabase(env, (db) =>
      db('sessions').where({ user_id: user.id }).first('revoked_at', 'revoked_reason'),
    );
    expect(revoked?.revoked_at).not.toBeNull();
    expect(revoked?.revoked_reason).toBe('deactivated');
  });

  it('deactivates and reactivates a client and a tenant, printing how many sign-ins it ended', async () => {
    await cli(env, 'tenant', 'create', '--code', 'whole', '--name', 'W', '--currency', 'EUR');
    const client = (await cli(env, 'client', 'create', '--tenant', 'whole', '--name', 'C')).json();
    const user = (
      await cli(
        env,
        'user',
        'create',
        '--tenant',
        'whole',
        '--client',
        client.id as string,
        '--email',
        'eve@example.com',
        '--first-name',
        'Eve',
        '--last-name',
        'E',
      )
    ).json();
    const signedIn = () =>
      withDatabase(env, (db) =>
        db('sessions').insert({
          tenant_id: db('tenants').where({ code: 'whole' }).select('id'),
          user_id: user.id,
          expires_at: new Date(Date.now() + 86_400_000),
        }),
      );
    const run = (...argv: string[]) => cli(env, ...argv);
    const byClient = ['--tenant', 'whole', '--client', client.id as string];

    await signedIn();
    expect(await run('client', 'deactivate', ...byClient)).toMatchObject({ exitCode: 0, stderr: '' });
    expect((await run('client', 'activate', ...byClient)).json()).toEqual({ ...client, active: true });
    await signedIn();
    const tenant = await run('tenant', 'deactivate', '--code', 'whole');
    expect(tenant.json()).toMatchObject({ code: 'whole', active: false, endedSignIns: 1 });
    expect((await run('tenant', 'activate', '--code', 'whole')).json()).toMatchObject({ active: true });
    const reasons = await withDatabase(env, (db) =>
      db('sessions').where({ user_id: user.id }).pluck('revoked_reason'),
    );
    expect(reasons).toEqual(['deactivated', 'deactivated']);

    expect(
      await run('client', 'deactivate', '--tenant', 'whole', '--client', user.id as string),
    ).toMatchObject({
      exitCode: 65,
      stderr: expect.stringContaining(`no client with id ${user.id}`),
    });
    expect(await run('client', 'activate', '--tenant', 'whole', '--client', 'c-1')).toMatchObject({
      exitCode: 64,
      stderr: expect.stringContaining('is not a client id'),
    });
  });

  describe('refuses with a message that says what to fix', () => {
    it.each([
      [[], 64, /No command given[\s\S]*Usage: pnpm portal-admin/],
      [['tenant', 'delete'], 64, /Unknown command "tenant delete"/],
      [['tenant', 'create', '--code', 'x'], 64, /Missing --name, --currency\.\nUsage: tenant create/],
      [['tenant', 'create', '--code', 'x', '--nme', 'y'], 64, /Unknown option '--nme'/],
      [['import'], 64, /Expected 1 argument\(s\), got 0/],
    ])('portal-admin %j exits %i', async (argv, exitCode, message) => {
      const run = await cli(env, ...argv);
      expect(run).toMatchObject({ exitCode, stdout: '' });
      expect(run.stderr).toMatch(message);
    });

    it('lists every invalid value at once', async () => {
      const run = await cli(
        env,
        'tenant',
        'create',
        '--code',
        'Bad Code',
        '--name',
        '',
        '--currency',
        'eur',
        '--sections',
        'finance,billing',
      );
      expect(run.exitCode).toBe(64);
      expect(run.stderr).toContain('--code "Bad Code": must match pattern');
      expect(run.stderr).toContain('--name "": must NOT have fewer than 1 characters');
      expect(run.stderr).toContain('--currency "eur": must match pattern');
      expect(run.stderr).toContain('must be one of "configurator", "finance", "support"');
    });

    it('refuses a currency that ISO 4217 does not know', async () => {
      const run = await cli(env, 'tenant', 'create', '--code', 'abc', '--name', 'A', '--currency', 'ABC');
      expect(run).toMatchObject({
        exitCode: 64,
        stderr: expect.stringContaining('"ABC" is not an ISO 4217 currency'),
      });
    });

    it('refuses a tenant code that is taken, an unknown tenant, and a duplicate email', async () => {
      await cli(env, 'tenant', 'create', '--code', 'taken', '--name', 'T', '--currency', 'EUR');
      const again = await cli(env, 'tenant', 'create', '--code', 'taken', '--name', 'T', '--currency', 'EUR');
      expect(again).toMatchObject({
        exitCode: 65,
        stderr: expect.stringContaining('"taken" already exists'),
      });

      const unknown = await cli(env, 'client', 'create', '--tenant', 'nope', '--name', 'C');
      expect(unknown).toMatchObject({
        exitCode: 65,
        stderr: expect.stringContaining('No tenant with code "nope"'),
      });

      const client = (await cli(env, 'client', 'create', '--tenant', 'taken', '--name', 'C')).json();
      const user = [
        'user',
        'create',
        '--tenant',
        'taken',
        '--client',
        client.id as string,
        '--first-name',
        'A',
        '--last-name',
        'B',
      ];
      expect((await cli(env, ...user, '--email', 'amy@example.com')).exitCode).toBe(0);
      const duplicate = await cli(env, ...user, '--email', 'AMY@example.com');
      expect(duplicate).toMatchObject({
        exitCode: 65,
        stderr: expect.stringContaining('already has a user with email'),
      });
    });

    it("refuses a user for another tenant's client", async () => {
      await cli(env, 'tenant', 'create', '--code', 'one', '--name', 'One', '--currency', 'EUR');
      await cli(env, 'tenant', 'create', '--code', 'two', '--name', 'Two', '--currency', 'EUR');
      const clientOfTwo = (await cli(env, 'client', 'create', '--tenant', 'two', '--name', 'C')).json();
      const run = await cli(
        env,
        'user',
        'create',
        '--tenant',
        'one',
        '--client',
        clientOfTwo.id as string,
        '--email',
        'x@example.com',
        '--first-name',
        'X',
        '--last-name',
        'Y',
      );
      expect(run).toMatchObject({
        exitCode: 65,
        stderr: expect.stringContaining('Tenant "one" has no client with id'),
      });
      const bad = await cli(
        env,
        'user',
        'create',
        '--tenant',
        'one',
        '--client',
        'client-1',
        '--email',
        'x@example.com',
        '--first-name',
        'X',
        '--last-name',
        'Y',
      );
      expect(bad).toMatchObject({ exitCode: 64, stderr: expect.stringContaining('is not a client id') });
    });

    it('refuses to deactivate a user that does not exist', async () => {
      const run = await cli(env, 'user', 'deactivate', '--tenant', 'taken', '--email', 'ghost@example.com');
      expect(run).toMatchObject({
        exitCode: 65,
        stderr: expect.stringContaining('no user with email ghost@example.com'),
      });
    });
  });
});
