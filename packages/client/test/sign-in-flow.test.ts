import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMockServer, mailbox, resetMockState } from '@portal/mocks/node';
import { loadConfig, seedDemo, startServer } from '@portal/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalClient, PortalApiError } from '../src/index.js';

/**
 * One sign-in flow, run unchanged against the MSW mocks and against the real server (on an in-memory
 * database with the demo data, mail written as .eml files): what frontend developers build on the mocks
 * works the same on the server.
 */
interface Backend {
  baseUrl: string;
  /** The token of the latest sign-in mail to `email`, as the person would take it from the link. */
  readToken(email: string): Promise<string>;
  stop(): Promise<void>;
}

const DEMO = { email: 'ada@example.com', tenantCode: 'demo' };
// The demo dashboard the README lists; the mocks' demo account is set to the same figures.
const DEMO_STATS = {
  currency: 'EUR',
  openOrders: 3,
  pendingEstimates: 1,
  unpaidInvoices: 2,
  totalOutstanding: 1250.5,
};

async function mocksBackend(): Promise<Backend> {
  const baseUrl = 'http://portal.mock';
  resetMockState({ account: { me: { email: DEMO.email, firstName: 'Ada' }, dashboard: DEMO_STATS } });
  const server = createMockServer({ baseUrl });
  server.listen({ onUnhandledRequest: 'error' });
  return {
    baseUrl,
    readToken: async (email) => mailbox.tokenFor(email),
    stop: async () => {
      server.close();
      resetMockState();
    },
  };
}

async function realServerBackend(): Promise<Backend> {
  const mailDir = await mkdtemp(path.join(tmpdir(), 'portal-sdk-mail-'));
  const running = await startServer(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      PGLITE_DIR: 'memory://',
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      MAIL_OUTBOX_DIR: mailDir,
      OUTBOX_POLL_MS: '20',
      LOG_LEVEL: 'silent',
    }),
  );
  await seedDemo(running.database.knex, { ifAbsent: false });
  return {
    baseUrl: running.url,
    readToken: (email) => tokenFromMailDir(mailDir, email),
    stop: async () => {
      await running.close();
      await rm(mailDir, { recursive: true, force: true });
    },
  };
}

async function tokenFromMailDir(dir: string, email: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
    for (const file of files.reverse()) {
      // Undo quoted-printable soft line breaks and escapes before looking for the link.
      const mail = (await readFile(path.join(dir, file), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const token = /#token=([A-Za-z0-9_-]+)/.exec(mail)?.[1];
      if (token && mail.toLowerCase().includes(`to: ${email}`)) return token;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no sign-in mail to ${email} in ${dir}`);
}

describe.each([
  ['the mocks', mocksBackend],
  ['the real server', realServerBackend],
])('the SDK against %s', (_name, startBackend) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend();
  }, 60_000);
  afterAll(() => backend?.stop());

  it('signs in with a magic link, reads everything, refreshes, and signs out', async () => {
    let expired = 0;
    const portal = createPortalClient({ baseUrl: backend.baseUrl, onSessionExpired: () => expired++ });

    await portal.auth.requestMagicLink(DEMO);
    const token = await backend.readToken(DEMO.email);
    const tokens = await portal.auth.validate({ token });
    expect(tokens).toMatchObject({ username: DEMO.email, id: expect.any(String) });
    expect(tokens.accessExpiresUnix).toBeGreaterThan(Date.now() / 1000);
    expect((await portal.getSession())?.refreshToken).toBe(tokens.refreshToken);

    const me = await portal.me();
    expect(me).toMatchObject({ id: tokens.id, email: DEMO.email, firstName: 'Ada' });
    const client = await portal.client();
    expect(client.id).toBe(me.clientId);
    expect(client.name).toBe(me.clientName);
    expect(await portal.scopes()).toEqual({
      configurator: expect.any(Boolean),
      finance: expect.any(Boolean),
      support: expect.any(Boolean),
    });
    expect(await portal.dashboardStats()).toEqual(DEMO_STATS);

    const refreshed = await portal.auth.refresh();
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect((await portal.me()).id).toBe(me.id);

    // The link is single-use.
    const reuse = await createPortalClient({ baseUrl: backend.baseUrl })
      .auth.validate({ token })
      .catch((e: unknown) => e);
    expect(reuse).toBeInstanceOf(PortalApiError);
    expect((reuse as PortalApiError).status).toBe(401);

    await portal.auth.logout();
    expect(await portal.getSession()).toBeNull();
    const after = await portal.me().catch((e: unknown) => e);
    expect((after as PortalApiError).status).toBe(401);

    // The refresh token logged out with is revoked.
    const stale = await createPortalClient({ baseUrl: backend.baseUrl })
      .raw.POST('/api/v1/portal/auth/refresh', { body: { refreshToken: refreshed.refreshToken } })
      .then((r) => r.response.status);
    expect(stale).toBe(401);
    expect(expired).toBe(0);
  });

  it('answers a malformed sign-in request with the same field errors', async () => {
    const portal = createPortalClient({ baseUrl: backend.baseUrl });
    const error = await portal.auth.requestMagicLink({ email: 'nope', tenantCode: 'demo' }).catch((e) => e);
    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(error.errors).toContainEqual(expect.objectContaining({ path: '/body/email', code: 'format' }));
  });
});
