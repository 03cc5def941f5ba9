import { randomUUID } from 'node:crypto';
import type { Schemas } from '@portal/contract';
import { callOperation, readJson } from '@portal/test-kit/call-operation';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { signInRequestResolver } from '../../features/sign-in/resolve-sign-in-request.js';
import type { MailCipher } from '../../mail/mail-cipher.js';
import { createOutboxWorker } from '../../mail/outbox-worker.js';
import { newSecretToken } from '../../tokens/secret-token.js';
import { displaySignInCode, hashSignInCode, newSignInCode } from '../../tokens/sign-in-code.js';
import { insertSession, type UserRow } from './fixtures.js';

/** A magic-link token for `user`, stored as the server stores one; returns the plaintext token. */
export async function insertMagicLink(
  db: Knex,
  user: Pick<UserRow, 'id' | 'tenant_id'>,
  expiresAt = new Date(Date.now() + 900_000),
): Promise<string> {
  const { token, hash } = newSecretToken();
  await db('magic_link_tokens').insert({
    tenant_id: user.tenant_id,
    user_id: user.id,
    token_hash: hash,
    expires_at: expiresAt,
  });
  return token;
}

/**
 * A magic link for `user` with its one-time code, stored as the server stores them (the code hashed with
 * the server's key, `signInCodeKey` of the running server); returns the token and the code as the mail
 * shows it.
 */
export async function insertMagicLinkWithCode(
  db: Knex,
  signInCodeKey: Buffer,
  user: Pick<UserRow, 'id' | 'tenant_id'>,
  { expiresAt = new Date(Date.now() + 900_000), createdAt = new Date() } = {},
): Promise<{ token: string; code: string; linkId: string }> {
  const { token, hash } = newSecretToken();
  const code = newSignInCode();
  const id = randomUUID();
  await db('magic_link_tokens').insert({
    id,
    tenant_id: user.tenant_id,
    user_id: user.id,
    token_hash: hash,
    code_hash: hashSignInCode(signInCodeKey, id, code),
    expires_at: expiresAt,
    created_at: createdAt,
  });
  return { token, code: displaySignInCode(code), linkId: id };
}

/** Signs `user` in through validate, with a link stored directly (no mail); returns the tokens. */
export async function signIn(
  baseUrl: string,
  db: Knex,
  user: Pick<UserRow, 'id' | 'tenant_id'>,
): Promise<Schemas['AuthTokens']> {
  const token = await insertMagicLink(db, user);
  return readJson(
    await callOperation(baseUrl, 'validateMagicLink', { query: { token } }),
    'validateMagicLink',
    200,
  );
}

/** A sign-in stored as validate stores one (a session and its first refresh token); returns the token. */
export async function insertSignIn(
  db: Knex,
  user: Pick<UserRow, 'id' | 'tenant_id'>,
  expiresAt = new Date(Date.now() + 86_400_000),
): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = await insertSession(db, user, expiresAt);
  const { token, hash } = newSecretToken();
  await db('refresh_tokens').insert({
    tenant_id: user.tenant_id,
    user_id: user.id,
    family_id: sessionId,
    token_hash: hash,
    expires_at: expiresAt,
  });
  return { sessionId, refreshToken: token };
}

/** Every row of every table of the database, as text: to prove what the database does not hold. */
export async function databaseText(db: Knex): Promise<string> {
  const tables = await db('pg_tables').where({ schemaname: 'public' }).pluck<string[]>('tablename');
  const dumps = await Promise.all(
    tables.map(async (table) => {
      const { rows } = await db.raw<{ rows: { row: string }[] }>(
        'SELECT row_to_json(t)::text AS row FROM ?? t',
        [table],
      );
      return rows.map((r) => r.row).join('\n');
    }),
  );
  return dumps.join('\n');
}

/** A pino logger that keeps every line it writes, parsed. */
export function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

/**
 * Resolves every due sign-in request as the outbox worker does (for servers started with
 * OUTBOX_WORKER=false): writes the links and mails of registered addresses and drops the others. Returns
 * the mails it would have sent.
 */
export async function resolveSignInRequests(
  db: Knex,
  cipher: MailCipher,
): Promise<{ to: string; text: string; html: string }[]> {
  const sent: { to: string; text: string; html: string }[] = [];
  const worker = createOutboxWorker({
    db,
    cipher,
    transport: { send: async (mail) => void sent.push(mail), close() {} },
    logger: pino({ level: 'silent' }),
    settings: { pollIntervalMs: 10, retryBaseMs: 1000, retryMaxMs: 60_000, maxAttempts: 5 },
    prepare: signInRequestResolver(db, cipher),
  });
  while ((await worker.runOnce()) > 0);
  return sent;
}
