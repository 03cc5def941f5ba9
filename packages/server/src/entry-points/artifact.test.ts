import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callOperation, readJson } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../db/migrate.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../testing/test-database.js';
import { startServerProcess } from '../tests/support/server-process.js';
import {
  type SmtpTestServer,
  startSmtpTestServer,
  tokenFromMail,
} from '../tests/support/smtp-test-server.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const onPostgres = databaseKinds().includes('postgres');

/*
 * The deployable unit: `pnpm artifact` (pnpm deploy --prod of this package) gives a folder with the built
 * server and its production dependencies only. Here it is built into a temporary folder outside the
 * workspace and run as production runs it: migrate as a step, then the server, against PostgreSQL, with
 * the sign-in link going out by SMTP. The Dockerfile copies exactly this folder.
 */
const MAX_ARTIFACT_BYTES = 60 * 1024 * 1024;

// Bytes on disk (allocated blocks, as du counts them), each file once however many links it has.
function diskUsage(dir: string): number {
  const seen = new Set<number>();
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const stat = lstatSync(path.join(entry.parentPath, entry.name));
    if (seen.has(stat.ino)) continue;
    seen.add(stat.ino);
    bytes += stat.blocks * 512;
  }
  return bytes;
}

describe.skipIf(!onPostgres)(
  `the production artifact${onPostgres ? '' : ' (SKIPPED: needs PostgreSQL, TEST_DATABASE_URL)'}`,
  () => {
    let dir: string;
    let app: string;
    let testDb: TestDatabase;
    let smtp: SmtpTestServer;
    let env: Record<string, string>;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'portal-artifact-'));
      // Where `pnpm artifact` puts it, under a dot-folder.
      app = path.join(dir, '.artifact', 'portal-server');
      const deploy = spawnSync('pnpm', ['--filter', '@portal/server', 'deploy', '--prod', app], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      });
      expect(deploy.status, deploy.stderr + deploy.stdout).toBe(0);
      // As `pnpm artifact` does: what Node never loads goes; the rest of this file runs what is left.
      const prune = spawnSync(
        process.execPath,
        [path.join(REPO, 'packages/server/scripts/prune-artifact.mjs'), app],
        {
          encoding: 'utf8',
        },
      );
      expect(prune.status, prune.stderr).toBe(0);
      testDb = await createTestDatabase('postgres');
      smtp = await startSmtpTestServer();
      env = {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        DATABASE_URL: testDb.env.DATABASE_URL as string,
        JWT_SECRET: 'artifact-test-secret-artifact-test-secret',
        SMTP_URL: smtp.url,
        PORTAL_URL: 'https://portal.example',
        LOG_LEVEL: 'info',
      };
    }, 180_000);
    afterAll(async () => {
      await smtp?.close();
      await testDb?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const admin = (...argv: string[]) => {
      const run = spawnSync(
        process.execPath,
        [path.join(app, 'dist/entry-points/portal-admin.js'), ...argv],
        {
          cwd: app,
          env,
          encoding: 'utf8',
        },
      );
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as Record<string, unknown>;
    };

    it('holds the built server and production dependencies only', () => {
      expect(existsSync(path.join(app, 'dist/entry-points/server.js'))).toBe(true);
      expect(existsSync(path.join(app, 'node_modules/@portal/contract/dist/index.js'))).toBe(true);
      expect(existsSync(path.join(app, 'node_modules/prom-client'))).toBe(true);
      for (const devOnly of [
        'vitest',
        'typescript',
        'smtp-server',
        '@portal/test-kit',
        '@electric-sql/pglite',
        'knex-pglite',
        'src',
      ]) {
        expect(existsSync(path.join(app, 'node_modules', devOnly)), devOnly).toBe(false);
      }
      expect(existsSync(path.join(app, 'src'))).toBe(false);
    });

    it('carries neither the test harness nor the internals the workspace exports for tests and the bench', () => {
      expect(existsSync(path.join(app, 'dist/testing'))).toBe(false);
      const manifest = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as {
        exports: Record<string, unknown>;
      };
      expect(Object.keys(manifest.exports)).toEqual(['.']);
      // Nor any test module (the server runs from this folder in the cases below, so nothing needs them).
      const shipped = readdirSync(path.join(app, 'dist'), { recursive: true, encoding: 'utf8' });
      expect(shipped.filter((f) => /(^|\/)(testing|tests)(\/|$)|\.test\.js$/.test(f))).toEqual([]);
    });

    it('is at most 60 MB on disk, with the API reference as its one static bundle, not its renderer', () => {
      const bytes = diskUsage(app);
      console.info(`artifact: ${(bytes / 1024 / 1024).toFixed(1)} MB on disk`);
      expect(bytes).toBeLessThanOrEqual(MAX_ARTIFACT_BYTES);
      expect(existsSync(path.join(app, 'dist/static/scalar-standalone.js'))).toBe(true);
      expect(existsSync(path.join(app, 'node_modules/@scalar'))).toBe(false);
      expect(existsSync(path.join(app, 'node_modules/.pnpm/node_modules/vue'))).toBe(false);
    });

    it('carries no embedded database: without DATABASE_URL it exits 78 and says so in one line', () => {
      const { DATABASE_URL: _, NODE_ENV: __, ...development } = env;
      const run = spawnSync(process.execPath, [path.join(app, 'dist/entry-points/server.js')], {
        cwd: app,
        env: { ...development, DATA_DIR: path.join(dir, 'data') },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status, run.stderr + run.stdout).toBe(78);
      expect(run.stderr).toContain('DATABASE_URL: required; this build carries no embedded database');
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack
    });

    it('runs from its folder against PostgreSQL: migrate as a step, start, and sign in by mail', async () => {
      expect(admin('migrate', 'status')).toMatchObject({ applied: [] });
      expect(admin('migrate')).toEqual({
        applied: [...MIGRATION_NAMES],
      });
      admin('tenant', 'create', '--code', 'artifact', '--name', 'Artifact', '--currency', 'EUR');
      const client = admin('client', 'create', '--tenant', 'artifact', '--name', 'Artifact Ltd');
      const email = 'artifact@example.com';
      admin(
        'user',
        'create',
        '--tenant',
        'artifact',
        '--client',
        String(client.id),
        '--email',
        email,
        '--first-name',
        'A',
        '--last-name',
        'B',
      );

      const server = await startServerProcess(
        { ...env, METRICS_PORT: '0', API_DOCS: 'true' },
        { main: path.join(app, 'dist/entry-points/server.js'), cwd: app },
      );
      try {
        expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
        // The API reference's one bundle, served from the artifact (API_DOCS=true below).
        const scalar = await fetch(`${server.url}/docs/scalar.js`);
        expect(scalar.status).toBe(200);
        expect((await scalar.text()).length).toBeGreaterThan(100_000);
        const request = await callOperation(server.url, 'requestMagicLink', {
          body: { email, tenantCode: 'artifact' },
        });
        expect(request.status).toBe(204);
        const token = tokenFromMail(await smtp.waitForMailTo(email, 20_000));
        const tokens = await readJson(
          await callOperation(server.url, 'validateMagicLink', { query: { token } }),
          'validateMagicLink',
          200,
        );
        const me = await readJson(
          await callOperation(server.url, 'getMe', { accessToken: tokens.accessToken }),
          'getMe',
          200,
        );
        expect(me.email).toBe(email);
        expect(server.logs.some((l) => l.msg === 'metrics served')).toBe(true);
        server.signal('SIGTERM');
        expect(await server.exited).toBe(0);
      } finally {
        server.kill();
      }
    }, 60_000);
  },
);
