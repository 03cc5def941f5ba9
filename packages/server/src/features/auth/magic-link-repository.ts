import type { Knex } from 'knex';
import type { SessionUser } from './session-user.js';

/** An active portal user of an active client and tenant, with what the sign-in mail needs. */
export interface SignInUser {
  id: string;
  email: string;
  firstName: string;
  tenantName: string;
}

/** The active user, of an active client, with this email (compared case-insensitively) in the active tenant with this code. */
export async function findSignInUser(
  db: Knex,
  { tenantCode, email }: { tenantCode: string; email: string },
): Promise<SignInUser | undefined> {
  return db('portal_users as u')
    .join('tenants as t', 't.id', 'u.tenant_id')
    .join('clients as c', (on) => on.on('c.id', 'u.client_id').andOn('c.tenant_id', 'u.tenant_id'))
    .where('t.code', tenantCode)
    .andWhereRaw('lower(u.email) = lower(?)', [email]) // served by portal_users_tenant_email_key
    .andWhere('u.active', true)
    .andWhere('c.active', true)
    .andWhere('t.active', true)
    .first('u.id', 'u.email', 'u.first_name as firstName', 't.name as tenantName');
}

/**
 * Lets the transaction commit without waiting for its WAL to reach disk. A request for a registered email
 * writes rows and one for an unknown email does not; waiting for the flush only in the first case is the
 * largest timing difference between the two (request-magic-link, unknown against known emails, in
 * bench/results). Losing a sign-in link in a database crash costs the user one more request; the token and
 * its mail still commit together.
 */
export async function relaxCommitDurability(trx: Knex.Transaction): Promise<void> {
  await trx.raw('SET LOCAL synchronous_commit TO OFF');
}

export interface NewMagicLink {
  id: string;
  /** No user matches this id when there is no such user: the statement then inserts nothing. */
  userId: string;
  tokenHash: Buffer;
  /** The keyed hash of the mail's one-time code (`hashSignInCode`). */
  codeHash: Buffer;
  /** When the request was made: the mail is due from then on. */
  now: Date;
  expiresAt: Date;
  requestIp: string;
  userAgent: string | null;
  /** The bodies sealed by the mail key `sealKeyId` (mail-cipher.ts). */
  mail: {
    id: string;
    to: string;
    subject: string;
    sealedText: string;
    sealedHtml: string;
    sealKeyId: string;
  };
}

/**
 * Stores the token's hash and its mail in one statement: neither exists without the other. For an unknown user the same statement runs and inserts nothing, so a request for an unknown
 * email does the same database work as one for a registered email.
 */
export async function insertMagicLinkWithMail(db: Knex, link: NewMagicLink): Promise<void> {
  const { mail } = link;
  await db.raw(
    `WITH token AS (
       INSERT INTO magic_link_tokens
              (id, tenant_id, user_id, token_hash, code_hash, expires_at, request_ip, user_agent, created_at)
       SELECT ?, tenant_id, id, ?, ?, ?, ?, ?, ? FROM portal_users WHERE id = ?
       RETURNING tenant_id)
     INSERT INTO mail_outbox (id, tenant_id, to_address, subject, text_body, html_body, seal_key_id, next_attempt_at)
     SELECT ?, tenant_id, ?, ?, ?, ?, ?, ? FROM token`,
    [
      link.id,
      link.tokenHash,
      link.codeHash,
      link.expiresAt,
      link.requestIp,
      link.userAgent,
      link.now,
      link.userId,
      mail.id,
      mail.to,
      mail.subject,
      mail.sealedText,
      mail.sealedHtml,
      mail.sealKeyId,
      link.now,
    ],
  );
}

/**
 * Marks the link used if it exists, is unexpired and unused, its code was not guessed at too often, and its
 * user, client and tenant are still active; in one conditional UPDATE, so of any number of concurrent calls exactly
 * one gets the row back (the others wait for its row lock, then find `used_at` set). Using the link spends
 * its code too: the code is only accepted while `used_at` is null.
 */
export async function consumeMagicLink(
  db: Knex,
  tokenHash: Buffer,
  { now, maxCodeAttempts }: { now: Date; maxCodeAttempts: number },
): Promise<SessionUser | undefined> {
  return consume(db, 'm.token_hash = ? AND m.code_attempts < ?', [tokenHash, maxCodeAttempts], now);
}

/**
 * Marks the link of a code attempt used (see `consumeMagicLink`), in the transaction that counted the
 * attempt: its row is locked there, and the attempt was checked against the limit when it was counted.
 */
export async function consumeMagicLinkOfCode(
  trx: Knex.Transaction,
  attempt: CodeAttempt,
  now: Date,
): Promise<SessionUser | undefined> {
  return consume(trx, 'm.id = ?', [attempt.id], now);
}

async function consume(
  db: Knex,
  condition: string,
  values: Knex.RawBinding[],
  now: Date,
): Promise<SessionUser | undefined> {
  const { rows } = await db.raw<{ rows: SessionUser[] }>(
    `UPDATE magic_link_tokens m SET used_at = ?
       FROM portal_users u JOIN tenants t ON t.id = u.tenant_id
       JOIN clients c ON c.id = u.client_id AND c.tenant_id = u.tenant_id
      WHERE ${condition} AND m.used_at IS NULL AND m.expires_at > ?
        AND u.id = m.user_id AND u.active AND c.active AND t.active
      RETURNING m.user_id AS "userId", m.tenant_id AS "tenantId", u.client_id AS "clientId", u.email`,
    [now, ...values, now],
  );
  return rows[0];
}

/** The link a code attempt was counted against, with the keyed hash of its code. */
export interface CodeAttempt {
  id: string;
  codeHash: Buffer;
}

/**
 * Counts one code attempt against the latest sign-in link of the active user (of an active client) with this
 * email in the active tenant with this code, if that link is unexpired, unused and has attempts left; returns it, or undefined.
 * One conditional UPDATE: concurrent attempts queue on the row lock and each re-checks `code_attempts < max`
 * on the row as the previous one left it (PostgreSQL re-evaluates the WHERE of an UPDATE on the newest row
 * version), so however many run at once, at most `max` are counted and compared. Only the latest link
 * counts: asking for a new mail voids the code of the previous one. An unknown address runs the same
 * statement and finds nothing.
 */
export async function countCodeAttempt(
  db: Knex,
  { tenantCode, email, now, max }: { tenantCode: string; email: string; now: Date; max: number },
): Promise<CodeAttempt | undefined> {
  const { rows } = await db.raw<{ rows: CodeAttempt[] }>(
    `WITH latest AS (
       SELECT m.id FROM magic_link_tokens m
         JOIN portal_users u ON u.id = m.user_id
         JOIN tenants t ON t.id = u.tenant_id
         JOIN clients c ON c.id = u.client_id AND c.tenant_id = u.tenant_id
        WHERE t.code = ? AND lower(u.email) = lower(?) AND u.active AND c.active AND t.active
        ORDER BY m.created_at DESC, m.id DESC
        LIMIT 1)
     UPDATE magic_link_tokens m SET code_attempts = m.code_attempts + 1
       FROM latest
      WHERE m.id = latest.id AND m.code_hash IS NOT NULL AND m.used_at IS NULL AND m.expires_at > ?
        AND m.code_attempts < ?
      RETURNING m.id, m.code_hash AS "codeHash"`,
    [tenantCode, email, now, max],
  );
  return rows[0];
}
