import { execFile, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { callOperation } from '@portal/test-kit/call-operation';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { lockEmbeddedDatabase } from '../../db/embedded-lock.js';
import { type CliDatabase, cli, createCliDatabase, withDatabase } from '../../tests/support/cli-harness.js';
import { accessTokenFor } from '../../tests/support/fixtures.js';
import { type RunningServer, startServer } from '../start-server.js';

const builtCli = fileURLToPath(new URL('../../../dist/entry-points/portal-admin.js', import.meta.url));

/** The built `portal-admin` in a process of its own, as `pnpm portal-admin` runs it. */
async function spawnCli(env: Record<string, string>, ...argv: string[]) {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: run pnpm build first`);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [builtCli, ...argv], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
    });
    return { exitCode: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { exitCode: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each of these opens the on-disk database in the server and again in a portal-admin process; on a busy
// two-core machine (CI runs every package's tests at once) that can take longer than the default 30 s.
const PROCESSES_TIMEOUT_MS = 90_000;

// The embedded database is a PostgreSQL data directory that one process at a time may open.
describe('the embedded database, shared by the server and portal-admin', () => {
  let database: CliDatabase;
  let server: RunningServer | undefined;
  beforeEach(async () => {
    database = await createCliDatabase('pglite');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await database.drop();
  });
  const start = async () => {
    server = await startServer(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
        ...database.env,
      }),
    );
    return server;
  };

  it(
    'while the server runs, portal-admin in another process runs its commands through the server',
    async () => {
      const running = await start();
      const seeded = await spawnCli(database.env, 'seed-demo');
      expect(seeded).toMatchObject({ exitCode: 0, stderr: '' });
      expect(JSON.parse(seeded.stdout)).toMatchObject({ seeded: true, counts: { users: { inserted: 3 } } });

      const ada = await running.database.knex('portal_users').where({ email: 'ada@example.com' }).first('*');
      const token = await accessTokenFor(running.database.knex, running.accessTokens, ada);
      const me = () => callOperation(running.url, 'getMe', { accessToken: token });
      expect((await me()).status).toBe(200);

      // Requests keep being answered while a command runs, and see its result as soon as it is done.
      const [deactivated, ...during] = await Promise.all([
        spawnCli(database.env, 'user', 'deactivate', '--tenant', 'demo', '--email', 'ada@example.com'),
        ...Array.from({ length: 10 }, () => fetch(`${running.url}/readyz`)),
      ]);
      expect(deactivated).toMatchObject({ exitCode: 0 });
      expect(during.map((r) => (r as Response).status)).toEqual(Array(10).fill(200));
      expect((await me()).status).toBe(401);

      const refused = await spawnCli(
        database.env,
        'tenant',
        'create',
        '--code',
        'demo',
        '--name',
        'D',
        '--currency',
        'EUR',
      );
      expect(refused).toMatchObject({
        exitCode: 65,
        stdout: '',
        stderr: expect.stringContaining('"demo" already exists'),
      });
    },
    PROCESSES_TIMEOUT_MS,
  );

  it(
    'once the server has stopped, portal-admin opens the database itself and sees what was written',
    async () => {
      await start();
      expect(
        (await cli(database.env, 'tenant', 'create', '--code', 'during', '--name', 'D', '--currency', 'EUR'))
          .exitCode,
      ).toBe(0);
      await server?.close();
      server = undefined;
      const run = await spawnCli(database.env, 'client', 'create', '--tenant', 'during', '--name', 'After');
      expect(run).toMatchObject({ exitCode: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toMatchObject({ tenantCode: 'during', name: 'After' });
    },
    PROCESSES_TIMEOUT_MS,
  );

  it('while portal-admin holds the database, the server refuses to start and another portal-admin refuses at once', async () => {
    const lock = lockEmbeddedDatabase(database.env.PGLITE_DIR as string, 'portal-admin');
    try {
      await expect(start()).rejects.toThrow(
        /in use by portal-admin \(process \d+\)\. Wait for it to finish or stop it/,
      );
      const run = await cli(database.env, 'seed-demo');
      expect(run).toMatchObject({ exitCode: 69, stderr: expect.stringContaining('in use by portal-admin') });
    } finally {
      lock.release();
    }
  });

  it('takes over the lock of a process that died without releasing it', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(
      `${database.env.PGLITE_DIR}.lock`,
      JSON.stringify({ pid: dead, role: 'the portal server' }),
    );
    const run = await cli(
      database.env,
      'tenant',
      'create',
      '--code',
      'after-crash',
      '--name',
      'A',
      '--currency',
      'EUR',
    );
    expect(run.exitCode).toBe(0);
    expect(existsSync(`${database.env.PGLITE_DIR}.lock`)).toBe(false);
  });

  it('refuses with a clear message when the server holding the database does not answer', async () => {
    const lock = lockEmbeddedDatabase(database.env.PGLITE_DIR as string, 'the portal server');
    lock.advertise({ adminSocket: `${database.env.DATA_DIR}/gone.sock` });
    try {
      const run = await cli(database.env, 'seed-demo');
      expect(run).toMatchObject({ exitCode: 69, stderr: expect.stringContaining('did not answer') });
    } finally {
      lock.release();
    }
  });

  it('the built CLI prints errors to stderr with a non-zero exit code', async () => {
    const run = await spawnCli(database.env, 'client', 'create', '--name', 'X');
    expect(run).toMatchObject({ exitCode: 64, stdout: '' });
    expect(run.stderr).toContain('Missing --tenant.');
    expect(await withDatabase(database.env, (db) => db('clients').count({ n: '*' }).first())).toEqual({
      n: 0,
    });
  });
});
