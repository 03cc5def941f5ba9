import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callOperation, readJson } from '@portal/test-kit/call-operation';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_IMAGE,
  containerTestsEnabled,
  freePort,
  freshMailKeys,
  IMAGE,
  MAIL_CATCHER_IMAGE,
  podman,
  podmanStatus,
  tokenFromCatcher,
  waitFor,
} from './podman.js';

/*
 * The image built from the Dockerfile by prepare.sh, run as production runs it: a read-only root file system,
 * the migrations as a step of their own, the server, a sign-in by mail (caught by the mail catcher), and
 * SIGTERM. On the host's network namespace, bound to 127.0.0.1, against the machine's PostgreSQL.
 */
// Decimal, as podman and the target count them.
const MB = 1_000_000;
const ADA = 'ada@example.com';
const enabled = containerTestsEnabled() && process.env.TEST_DATABASE_URL !== undefined;

describe.runIf(enabled)('the image built from the Dockerfile', () => {
  const suffix = randomBytes(4).toString('hex');
  const server = `portal-ct-server-${suffix}`;
  const catcher = `portal-ct-mail-${suffix}`;
  const database = `portal_containers_${suffix}`;
  let admin: pg.Client;
  let env: Record<string, string>;
  let apiUrl: string;
  let mailUrl: string;
  let bareDir: string | undefined;
  let bare: ChildProcess | undefined;

  const envFlags = () => Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // As production runs it: nothing writable but a tmpfs at /tmp (DATA_DIR points there).
  const runFlags = () => ['--network', 'host', '--read-only', '--tmpfs', '/tmp', ...envFlags()];
  const portalAdmin = async (...argv: string[]) =>
    JSON.parse(
      await podman([
        'run',
        '--rm',
        ...runFlags(),
        IMAGE,
        'node',
        'dist/entry-points/portal-admin.js',
        ...argv,
      ]),
    ) as Record<string, unknown>;

  beforeAll(async () => {
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    url.pathname = `/${database}`;
    const [smtpPort, mailPort, apiPort, metricsPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    await podman([
      'run',
      '-d',
      '--rm',
      '--name',
      catcher,
      '--network',
      'host',
      '--read-only',
      '-e',
      `SMTP_PORT=${smtpPort}`,
      '-e',
      `HTTP_PORT=${mailPort}`,
      MAIL_CATCHER_IMAGE,
    ]);
    mailUrl = `http://127.0.0.1:${mailPort}`;
    await waitFor('the mail catcher', async () =>
      (await fetch(`${mailUrl}/messages`)).ok ? true : undefined,
    );
    apiUrl = `http://127.0.0.1:${apiPort}`;
    env = {
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      METRICS_PORT: String(metricsPort),
      DATABASE_URL: url.toString(),
      JWT_SECRET: randomBytes(48).toString('base64'),
      MAIL_KEYS: freshMailKeys(),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      PORTAL_URL: 'https://portal.example',
    };
  });

  afterAll(async () => {
    bare?.kill('SIGKILL');
    if (bareDir) rmSync(bareDir, { recursive: true, force: true });
    podmanStatus(['rm', '-f', '-t', '0', server, catcher]);
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });

  it('is the Dockerfile image: user node, a HEALTHCHECK, no npm, at most 250 MB with its base, size stated', async () => {
    const [inspected] = JSON.parse(await podman(['image', 'inspect', IMAGE])) as {
      Size: number;
      Config: { User: string };
    }[];
    const healthcheck = await podman(['image', 'inspect', '--format', '{{json .HealthCheck}}', IMAGE]);
    const total = inspected?.Size ?? Number.POSITIVE_INFINITY;
    const base = Number(await podman(['image', 'inspect', '--format', '{{.Size}}', BASE_IMAGE]));
    const node = Number(await podman(['run', '--rm', IMAGE, 'stat', '-c', '%s', '/usr/local/bin/node']));
    const server = total - base - node;
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    console.info(
      `image: ${mb(total)} = Debian 12 slim ${mb(base)} + node ${mb(node)} + the server and the user ${mb(server)}`,
    );
    expect(inspected?.Config.User).toBe('node');
    expect(healthcheck).toContain('/readyz');
    // The runtime carries node alone: no npm, npx or corepack (nor pnpm from the build stage).
    expect(
      await podman(['run', '--rm', IMAGE, 'sh', '-c', 'command -v npm npx corepack pnpm || echo none']),
    ).toBe('none');
    // The stripped node still loads a native addon: sharp, which the avatars use, resizes a picture.
    const resize =
      "import('sharp').then(({ default: sharp }) => sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).resize(8).png().toBuffer()).then((b) => console.log(b.length > 0 ? 'resized' : 'empty'))";
    expect(await podman(['run', '--rm', IMAGE, 'node', '-e', resize])).toBe('resized');
    // The target, base included (podman counts each layer's unpacked size, in decimal megabytes).
    expect(total).toBeLessThanOrEqual(250 * MB);
    // What this repository controls beside Node: the pruned artifact.
    expect(server).toBeLessThanOrEqual(60 * MB);
  });

  it('runs as a non-root user on a read-only root file system; the app folder is not its own', async () => {
    const probe = [
      'id -u',
      'touch /app/x 2>/dev/null && echo app-writable || echo app-read-only',
      'touch /x 2>/dev/null && echo root-writable || echo root-read-only',
      'touch /tmp/x && echo tmp-writable',
    ].join('; ');
    expect(
      (await podman(['run', '--rm', '--read-only', '--tmpfs', '/tmp', IMAGE, 'sh', '-c', probe])).split('\n'),
    ).toEqual(['1000', 'app-read-only', 'root-read-only', 'tmp-writable']);
    // Without --read-only too: /app belongs to root.
    expect(await podman(['run', '--rm', IMAGE, 'sh', '-c', 'touch /app/x 2>&1 || echo refused'])).toMatch(
      /refused$/,
    );
  });

  it('migrates as a step of its own: the server refuses a schema that is behind, migrate brings it up', async () => {
    const early = podmanStatus(['run', '--rm', ...runFlags(), IMAGE]);
    expect(early.status).not.toBe(0);
    expect(early.stdout + early.stderr).toContain('run `portal-admin migrate` first');
    const migrated = await portalAdmin('migrate');
    expect((migrated.applied as string[]).length).toBeGreaterThan(0);
    expect(await portalAdmin('migrate')).toEqual({ applied: [] });
    await portalAdmin('seed-demo');
  });

  it('starts, and its HEALTHCHECK turns healthy; start-up to ready, in the container and bare', async () => {
    const started = performance.now();
    await podman(['run', '-d', '--name', server, ...runFlags(), IMAGE]);
    await waitFor('the server in its container', async () =>
      (await fetch(`${apiUrl}/readyz`)).ok ? true : undefined,
    );
    const inContainer = performance.now() - started;
    // podman runs HEALTHCHECKs from systemd timers; without systemd, `healthcheck run` runs the image's check.
    expect(podmanStatus(['healthcheck', 'run', server]).status).toBe(0);
    expect(await podman(['inspect', '--format', '{{.State.Health.Status}}', server])).toBe('healthy');

    // The same folder, copied out of the image, run by this Node on the host.
    bareDir = mkdtempSync(path.join(tmpdir(), 'portal-ct-app-'));
    await podman(['cp', `${server}:/app`, bareDir]);
    const barePort = await freePort();
    const bareStarted = performance.now();
    bare = spawn(process.execPath, ['dist/entry-points/server.js'], {
      cwd: path.join(bareDir, 'app'),
      env: {
        ...env,
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: String(barePort),
        METRICS_PORT: '0',
        DATA_DIR: bareDir,
      },
      stdio: 'ignore',
    });
    await waitFor('the bare server', async () =>
      (await fetch(`http://127.0.0.1:${barePort}/readyz`)).ok ? true : undefined,
    );
    const bareMs = performance.now() - bareStarted;
    bare.kill('SIGTERM');
    console.info(
      `start-up to ready: ${inContainer.toFixed(0)} ms in the container (podman run included), ${bareMs.toFixed(0)} ms bare (node ${process.version})`,
    );
  });

  it('signs someone in by mail, the mail caught by the test SMTP server', async () => {
    const request = await callOperation(apiUrl, 'requestMagicLink', {
      body: { email: ADA, tenantCode: 'demo' },
    });
    expect(request.status).toBe(204);
    const token = await waitFor('the sign-in mail', () => tokenFromCatcher(mailUrl, ADA), 20_000);
    const tokens = await readJson(
      await callOperation(apiUrl, 'validateMagicLink', { query: { token } }),
      'validateMagicLink',
      200,
    );
    const me = await readJson(
      await callOperation(apiUrl, 'getMe', { accessToken: tokens.accessToken }),
      'getMe',
      200,
    );
    expect(me.email).toBe(ADA);
  });

  it('stops on SIGTERM: node is PID 1 and handles it, drains and exits 0 within the timeout', async () => {
    expect(await podman(['exec', server, 'sh', '-c', 'tr "\\0" " " </proc/1/cmdline'])).toBe(
      'node dist/entry-points/server.js',
    );
    expect(await podman(['inspect', '--format', '{{.Config.StopSignal}}', server])).toMatch(/^(SIGTERM|15)$/);
    const stopping = performance.now();
    // podman stop sends the stop signal, and SIGKILL only after --time seconds.
    await podman(['stop', '--time', '30', server]);
    const stopMs = performance.now() - stopping;
    expect(stopMs).toBeLessThan(30_000);
    expect(await podman(['inspect', '--format', '{{.State.ExitCode}}', server])).toBe('0');
    const logs = await podman(['logs', server]);
    expect(logs).toContain('"msg":"shutting down"');
    expect(logs).toContain('"msg":"shut down cleanly"');
    console.info(`SIGTERM to exit: ${stopMs.toFixed(0)} ms`);
  });
});
