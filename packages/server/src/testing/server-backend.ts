import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signAccessToken } from '../tokens/access-token.js';
import { hashToken } from '../tokens/secret-token.js';
import { startTestServer, type TestServer } from './start-test-server.js';
import type { DatabaseKind } from './test-database.js';

/** The accounts of demo/demo.json that the conformance suite signs in. */
const DEMO_ACCOUNTS = {
  tenantCode: 'demo',
  ada: 'ada@example.com',
  grace: 'grace@example.com',
  charles: 'charles@example.com',
};

// Sign-in is rate limited per email and per address; a suite signs the same demo users in many times. The
// code attempts per email keep their default: the conformance suite checks that limit.
const UNLIMITED = {
  RATE_LIMIT_VERIFY_CODE_IP: '100000/60',
  RATE_LIMIT_MAGIC_LINK_EMAIL: '100000/60',
  RATE_LIMIT_MAGIC_LINK_IP: '100000/60',
  RATE_LIMIT_VALIDATE_IP: '100000/60',
  RATE_LIMIT_REFRESH_IP: '100000/60',
  RATE_LIMIT_AVATAR_USER: '100000/60',
};

/**
 * The real server as a backend of `@portal/test-kit`'s conformance suite and parity checks (its `Backend`
 * interface, which this matches without importing the kit: the server's build never depends on it).
 */
export interface ServerBackend {
  baseUrl: string;
  accounts: typeof DEMO_ACCOUNTS;
  latestSignInToken(email: string): Promise<string | undefined>;
  latestSignInCode(email: string): Promise<string | undefined>;
  expiredAccessToken(email: string): Promise<string>;
  /** Backdates the rotation of an already rotated refresh token beyond the grace period. */
  pastGracePeriod(refreshToken: string): Promise<void>;
  /** Sets the sections the demo tenant enables. */
  setSections(sections: { configurator: boolean; finance: boolean; support: boolean }): Promise<void>;
  /** The running server, to reach its database. */
  server: TestServer;
  stop(): Promise<void>;
}

/**
 * The real server over a fresh database of `kind` holding the demo data, with its mail written as .eml
 * files to a directory of its own (no SMTP server), from which the sign-in links are read. Rate limits are
 * lifted; `env` goes over the rest.
 */
export async function startServerBackend(
  kind: DatabaseKind = 'pglite',
  env: Record<string, string> = {},
): Promise<ServerBackend> {
  const mailDir = await mkdtemp(path.join(tmpdir(), 'portal-mail-'));
  let server: TestServer;
  try {
    server = await startTestServer(
      kind,
      { MAIL_OUTBOX_DIR: mailDir, OUTBOX_POLL_MS: '20', ...UNLIMITED, ...env },
      { demoData: true },
    );
  } catch (err) {
    await rm(mailDir, { recursive: true, force: true });
    throw err;
  }
  return {
    baseUrl: server.url,
    accounts: DEMO_ACCOUNTS,
    server,
    latestSignInToken: async (email) => (await latestMailIn(mailDir, email))?.token,
    latestSignInCode: async (email) => (await latestMailIn(mailDir, email))?.code,
    async expiredAccessToken(email) {
      const user = await server.database
        .knex('portal_users as u')
        .join('tenants as t', 't.id', 'u.tenant_id')
        .where({ 't.code': DEMO_ACCOUNTS.tenantCode, 'u.email': email })
        .first('u.id', 'u.tenant_id', 'u.client_id');
      if (!user) throw new Error(`no demo user ${email}`);
      // A token of a live sign-in, whose own lifetime has run out.
      const [session] = await server.database
        .knex('sessions')
        .insert({
          tenant_id: user.tenant_id,
          user_id: user.id,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .returning<{ id: string }[]>('id');
      const subject = {
        userId: user.id,
        tenantId: user.tenant_id,
        clientId: user.client_id,
        sessionId: (session as { id: string }).id,
      };
      return signAccessToken(server.accessTokens, subject, new Date(Date.now() - 3_600_000)).accessToken;
    },
    async pastGracePeriod(refreshToken) {
      await server.database
        .knex('refresh_tokens')
        .where({ token_hash: hashToken(refreshToken) })
        .update({ rotated_at: new Date(Date.now() - 60_000) });
    },
    async setSections({ configurator, finance, support }) {
      await server.database.knex('tenants').where({ code: DEMO_ACCOUNTS.tenantCode }).update({
        section_configurator: configurator,
        section_finance: finance,
        section_support: support,
      });
    },
    stop: async () => {
      await server.close();
      await rm(mailDir, { recursive: true, force: true });
    },
  };
}

/**
 * The token and code of the newest .eml in `dir` to `email` (the file names start with the time of
 * writing).
 */
async function latestMailIn(
  dir: string,
  email: string,
): Promise<{ token: string; code?: string } | undefined> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  for (const file of files.reverse()) {
    // Undo quoted-printable soft line breaks and escapes before looking for the link.
    const mail = (await readFile(path.join(dir, file), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    // A whole token only (32 bytes, base64url): the worker may still be writing the file.
    const token = /#token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(mail)?.[1];
    if (token && mail.toLowerCase().includes(`to: ${email.toLowerCase()}`)) {
      return { token, code: /^ {4}([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})\r?$/m.exec(mail)?.[1] };
    }
  }
  return undefined;
}
