import { randomBytes } from 'node:crypto';
import { callOperation, readJson } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  containerTestsEnabled,
  freePort,
  freshMailKeys,
  podman,
  podmanStatus,
  tokenFromCatcher,
  waitFor,
} from './podman.js';

/*
 * compose.yaml as it is, brought up with podman-compose (Debian 12's 1.0.3) on the images prepare.sh built.
 * That version orders the starts by depends_on but does not wait on their conditions (service_healthy,
 * service_completed_successfully), so the stages those conditions describe are started in turn here, as
 * Docker Compose would: PostgreSQL and the mail catcher; the key and migrate steps; then the rest.
 */
const ADA = 'ada@example.com';
const enabled = containerTestsEnabled();

describe.runIf(enabled)('compose.yaml, brought up with podman-compose', () => {
  const project = `portal-ct-${randomBytes(4).toString('hex')}`;
  const container = (service: string) => `${project}_${service}_1`;
  let composeEnv: Record<string, string>;
  let apiUrl: string;
  let mailUrl: string;
  let down = false;

  const compose = (...args: string[]) =>
    podman(['-p', project, '-f', 'compose.yaml', ...args], { tool: 'podman-compose', env: composeEnv });
  const state = async (service: string) =>
    podman(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', container(service)]);
  const envOf = async (service: string) =>
    (await podman(['inspect', '--format', '{{range .Config.Env}}{{println .}}{{end}}', container(service)]))
      .split('\n')
      .map((line) => line.split('=')[0]);
  const portalAdmin = async (...argv: string[]) =>
    podman(['exec', container('api-1'), 'node', 'dist/entry-points/portal-admin.js', ...argv]);

  beforeAll(async () => {
    const [httpPort, mailPort] = await Promise.all([freePort(), freePort()]);
    composeEnv = {
      MAIL_KEYS: freshMailKeys(),
      PORTAL_HTTP_PORT: String(httpPort),
      PORTAL_MAIL_PORT: String(mailPort),
    };
    apiUrl = `http://127.0.0.1:${httpPort}`;
    mailUrl = `http://127.0.0.1:${mailPort}`;

    await compose('up', '-d', 'postgres', 'mail-catcher');
    await waitFor('PostgreSQL healthy', async () =>
      podmanStatus(['healthcheck', 'run', container('postgres')]).status === 0 ? true : undefined,
    );
    await compose('up', '-d', 'keys', 'migrate');
    expect(await podman(['wait', container('keys'), container('migrate')])).toBe('0\n0');
    await compose('up', '-d');
    await waitFor(
      'the balancer',
      async () => ((await fetch(`${apiUrl}/readyz`)).ok ? true : undefined),
      120_000,
    );
    await portalAdmin('seed-demo', '--if-absent');
  });

  afterAll(async () => {
    if (!down) await compose('down', '-v').catch(() => undefined);
    podmanStatus(['network', 'rm', '-f', `${project}_default`]);
  });

  it('runs PostgreSQL, the key step, the migrate step, two API instances, HAProxy and the mail catcher', async () => {
    expect(await state('keys')).toBe('exited 0');
    expect(await state('migrate')).toBe('exited 0');
    for (const service of ['postgres', 'api-1', 'api-2', 'load-balancer', 'mail-catcher']) {
      expect(await state(service), service).toBe('running 0');
    }
    // Both instances take requests through the balancer.
    for (let i = 0; i < 20; i++) expect((await fetch(`${apiUrl}/openapi.json`)).status).toBe(200);
    for (const api of ['api-1', 'api-2']) {
      expect(await podman(['logs', container(api)]), api).toContain('"url":"/openapi.json"');
    }
  });

  it('signs with the ES256 key set of the key step, served as the JWKS through the balancer; no JWT_SECRET', async () => {
    const jwks = (await (await fetch(`${apiUrl}/.well-known/jwks.json`)).json()) as {
      keys: { alg: string; kty: string }[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.alg === 'ES256' && k.kty === 'EC')).toBe(true);
    const keySet = JSON.parse(await portalAdmin('keys', 'list')) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => (k as unknown as { kid: string }).kid).sort()).toEqual(
      keySet.keys.map((k) => k.kid).sort(),
    );
    for (const service of ['api-1', 'api-2', 'migrate', 'outbox-worker']) {
      expect(await envOf(service), service).not.toContain('JWT_SECRET');
    }
    expect(await envOf('api-1')).toContain('SIGNING_KEYS_DIR');
    // The worker holds the mail keys only: it cannot mint access tokens.
    expect(await envOf('outbox-worker')).toContain('MAIL_KEYS');
    expect(await envOf('outbox-worker')).not.toContain('SIGNING_KEYS_DIR');
  });

  it('signs someone in by mail through the balancer: the outbox worker delivers to the mail catcher', async () => {
    expect(await state('outbox-worker')).toBe('running 0');
    const request = await callOperation(apiUrl, 'requestMagicLink', {
      body: { email: ADA, tenantCode: 'demo' },
    });
    expect(request.status).toBe(204);
    const token = await waitFor('the sign-in mail', () => tokenFromCatcher(mailUrl, ADA), 30_000);
    const tokens = await readJson(
      await callOperation(apiUrl, 'validateMagicLink', { query: { token } }),
      'validateMagicLink',
      200,
    );
    expect(
      JSON.parse(Buffer.from(tokens.accessToken.split('.')[0] as string, 'base64url').toString()).alg,
    ).toBe('ES256');
    const me = await readJson(
      await callOperation(apiUrl, 'getMe', { accessToken: tokens.accessToken }),
      'getMe',
      200,
    );
    expect(me.email).toBe(ADA);
  });

  it('leaves nothing running after compose down, nor a volume', async () => {
    await compose('down', '-v');
    down = true;
    const label = `label=io.podman.compose.project=${project}`;
    expect(await podman(['ps', '-a', '--filter', label, '--format', '{{.Names}}'])).toBe('');
    expect(await podman(['volume', 'ls', '--filter', label, '--format', '{{.Name}}'])).toBe('');
    // podman-compose 1.0.3 leaves the project's network (no container on it); afterAll removes it.
  });
});
