import type { Schemas } from '@portal/contract';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { newSecretToken } from '../auth/secret-token.js';
import type { UserRow } from './fixtures.js';

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

export const post = (baseUrl: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}/api/v1/portal${path}`, {
    method: 'POST',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

export const validate = (baseUrl: string, token: string, headers: Record<string, string> = {}) =>
  post(baseUrl, `/auth/validate?token=${encodeURIComponent(token)}`, undefined, headers);

/** Signs `user` in through validate, with a link stored directly (no mail); returns the tokens. */
export async function signIn(
  baseUrl: string,
  db: Knex,
  user: Pick<UserRow, 'id' | 'tenant_id'>,
): Promise<Schemas['AuthTokens']> {
  const res = await validate(baseUrl, await insertMagicLink(db, user));
  if (res.status !== 200) throw new Error(`sign-in failed with ${res.status}: ${await res.text()}`);
  return (await res.json()) as Schemas['AuthTokens'];
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
