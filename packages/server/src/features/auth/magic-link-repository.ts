import type { Knex } from 'knex';
import type { SessionUser } from './session-user.js';

/** An active portal user of an active tenant, with what the sign-in mail needs. */
export interface SignInUser {
  id: string;
  email: string;
  firstName: string;
  tenantName: string;
}

/** The active user with this email (compared case-insensitively) in the active tenant with this code. */
export async function findSignInUser(
  db: Knex,
  { tenantCode, email }: { tenantCode: string; email: string },
): Promise<SignInUser | undefined> {
  return db('portal_users as u')
    .join('tenants as t', 't.id', 'u.tenant_id')
    .where('t.code', tenantCode)
    .andWhereRaw('lower(u.email) = lower(?)', [email]) // served by portal_users_tenant_email_key
    .andWhere('u.active', true)
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
  /** No user matches this id when there is no such user: the statement then inserts nothing. */
  userId: string;
  tokenHash: Buffer;
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
       INSERT INTO magic_link_tokens (tenant_id, user_id, token_hash, expires_at, request_ip, user_agent)
       SELECT tenant_id, id, ?, ?, ?, ? FROM portal_users WHERE id = ?
       RETURNING tenant_id)
     INSERT INTO mail_outbox (id, tenant_id, to_address, subject, text_body, html_body, seal_key_id, next_attempt_at)
     SELECT ?, tenant_id, ?, ?, ?, ?, ?, ? FROM token`,
    [
      link.tokenHash,
      link.expiresAt,
      link.requestIp,
      link.userAgent,
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
 * Marks the token used if it exists, is unexpired and unused, and its user and tenant are still active; in
 * one conditional UPDATE, so of any number of concurrent calls exactly one gets the row back (the others
 * wait for its row lock, then find `used_at` set).
 */
export async function consumeMagicLink(
  db: Knex,
  tokenHash: Buffer,
  now: Date,
): Promise<SessionUser | undefined> {
  const { rows } = await db.raw<{ rows: SessionUser[] }>(
    `UPDATE magic_link_tokens m SET used_at = ?
       FROM portal_users u JOIN tenants t ON t.id = u.tenant_id
      WHERE m.token_hash = ? AND m.used_at IS NULL AND m.expires_at > ?
        AND u.id = m.user_id AND u.active AND t.active
      RETURNING m.user_id AS "userId", m.tenant_id AS "tenantId", u.client_id AS "clientId", u.email`,
    [now, tokenHash, now],
  );
  return rows[0];
}
