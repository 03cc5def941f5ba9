import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.js';
import { startServerProcess } from '../tests/support/server-process.js';

// The compiled entry points, run as an operator runs them: what they print and how they exit.
const entry = (name: string) => fileURLToPath(new URL(`../../dist/entry-points/${name}.js`, import.meta.url));
const adminUrl = process.env.TEST_DATABASE_URL;
const onPostgres = adminUrl ? describe : describe.skip;

const production = {
  NODE_ENV: 'production',
  MAIL_KEYS: 'm1:Zp3rT8vXq1LmN6bW0cYh5sKd2fGj9aUe4iOo7RtEyQw',
  SMTP_URL: 'smtps://127.0.0.1:1',
  LOG_LEVEL: 'error',
};

function run(name: string, env: Record<string, string>, ...argv: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [entry(name), ...argv], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

const STACK_LINE = /^\s+at /m;

describe('portal-admin on a database it cannot use', () => {
  it('exits 69 with one line when the database does not answer, and the stack only under PORTAL_DEBUG', () => {
    const env = { DATABASE_URL: 'postgres://portal@127.0.0.1:1/portal' };
    const quiet = run('portal-admin', env, 'migrate', 'status');
    expect(quiet.status).toBe(69);
    expect(quiet.stderr).toMatch(
      /^portal-admin: cannot reach the database \(.*ECONNREFUSED.*\)\. Check DATABASE_URL/,
    );
    expect(quiet.stderr.trim().split('\n')).toHaveLength(1);
    expect(quiet.stdout).toBe('');
    const debug = run('portal-admin', { ...env, PORTAL_DEBUG: 'true' }, 'migrate', 'status');
    expect(debug.status).toBe(69);
    expect(debug.stderr).toMatch(STACK_LINE);
  });

  onPostgres('on PostgreSQL', () => {
    it.each([
      ['a database that does not exist', (url: URL) => url.pathname.replace(/.*/, '/portal_missing_24b')],
      ['a user that does not exist', (url: URL) => url.pathname],
    ])('exits 78 with one line naming DATABASE_URL for %s', (what, pathOf) => {
      const url = new URL(adminUrl as string);
      url.pathname = pathOf(url);
      if (what.startsWith('a user')) url.username = 'portal_missing_user_24b';
      for (const argv of [
        ['migrate'],
        ['tenant', 'create', '--code', 'x', '--name', 'X', '--currency', 'EUR'],
      ]) {
        const result = run('portal-admin', { DATABASE_URL: url.toString() }, ...argv);
        expect(result.status).toBe(78);
        expect(result.stderr).toMatch(/^portal-admin: DATABASE_URL: (database|role) "portal_missing/);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(`${result.stdout}${result.stderr}`).not.toMatch(STACK_LINE);
      }
    });

    it('migrates in production with the database settings only, as the deployment step', async () => {
      const database = await createTestDatabase('postgres');
      try {
        const env = { NODE_ENV: 'production', DATABASE_URL: database.env.DATABASE_URL as string };
        const migrated = run('portal-admin', env, 'migrate');
        expect(migrated.stderr).toBe('');
        expect(migrated.status).toBe(0);
        expect(JSON.parse(migrated.stdout)).toMatchObject({ applied: expect.any(Array) });
        expect(run('portal-admin', env, 'migrate', 'status').status).toBe(0);
      } finally {
        await database.drop();
      }
    });
  });
});

describe('the server and the outbox worker on a schema that lacks migrations', () => {
  const behind = { ...production, PGLITE_DIR: 'memory://', MIGRATE_ON_START: 'false', PORT: '0' };

  it('the server exits 75, saying to run portal-admin migrate', () => {
    const result = run('server', {
      ...behind,
      JWT_SECRET: 'q7Jx2mVb9LkP4wZr8TnY3cHs6FdG1aQe',
      PORTAL_URL: 'https://portal.example',
    });
    expect(result.stderr).toMatch(
      /^portal server failed to start: the database schema lacks migrations 0001-/,
    );
    expect(result.stderr).toMatch(/run `portal-admin migrate` first/);
    expect(result.status).toBe(75);
  });

  it('the outbox worker, which needs no signing key, exits 75 the same way', () => {
    const result = run('outbox-worker', behind);
    expect(result.stderr).toMatch(
      /^outbox worker failed to start: the database schema lacks migrations 0001-/,
    );
    expect(result.status).toBe(75);
  });
});

describe('the outbox worker in production', () => {
  it('starts with the mail keys only, never asking for a signing key, and stops on SIGTERM', async () => {
    const worker = spawn(process.execPath, [entry('outbox-worker')], {
      env: { PATH: process.env.PATH, ...production, PGLITE_DIR: 'memory://', LOG_LEVEL: 'info' },
    });
    let stdout = '';
    let stderr = '';
    worker.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    worker.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
    await expect
      .poll(() => (worker.exitCode === null ? stdout : 'exited'), { timeout: 30_000 })
      .toMatch(/outbox worker started|exited/);
    expect(stderr).toBe('');
    expect(worker.exitCode).toBeNull();
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 40_000);
});

describe('the start log', () => {
  it.each([
    // An empty HOST is unset: every interface, as a container runs it.
    [{ HOST: '' }, /^http:\/\/\[::\]:\d+$/, 'all'],
    [{ HOST: '127.0.0.1' }, /^http:\/\/127\.0\.0\.1:\d+$/, undefined],
    [{ HOST: '0.0.0.0' }, /^http:\/\/0\.0\.0\.0:\d+$/, 'all'],
  ])(
    'says where the server is bound (%j)',
    async (host, url, interfaces) => {
      const server = await startServerProcess({ PGLITE_DIR: 'memory://', ...host });
      try {
        const line = server.logs.find((entry) => entry.msg === 'portal server listening');
        expect(line?.url).toMatch(url);
        expect(line?.interfaces).toBe(interfaces);
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      } finally {
        server.kill();
      }
    },
    40_000,
  );
});
