import type { Knex } from 'knex';

/** A mail claimed for delivery; the bodies are still sealed (see mail-cipher). */
export interface ClaimedMail {
  id: string;
  to: string;
  subject: string;
  sealedText: string;
  sealedHtml: string;
  /** The mail key that sealed the bodies; null for rows sealed before key ids. */
  sealKeyId: string | null;
  /** Delivery attempts so far, this one included. */
  attempts: number;
  /**
   * Set while the row is a sign-in request not yet resolved: `text_body` then holds the sealed link and code
   * (`SealedSignIn`), and the worker's `prepare` turns the row into the mail, or drops it.
   */
  signInRequest: OutboxSignInRequest | null;
}

/** What a sign-in request row keeps until it is resolved: the link row's fields, hashes only. */
export interface OutboxSignInRequest {
  linkId: string;
  tenantCode: string;
  email: string;
  /** base64 of the SHA-256 of the link's token, and of the keyed hash of its code. */
  tokenHash: string;
  codeHash: string;
  requestedAt: string;
  expiresAt: string;
  requestIp: string;
  userAgent: string | null;
}

/** The plaintext sealed in a sign-in request's `text_body`. */
export interface SealedSignIn {
  link: string;
  code: string;
}

/** What replaces a body once the mail is delivered or given up on: the database keeps no sign-in link. */
export const REMOVED_BODY = '[removed after delivery]';

/**
 * Claims up to `limit` due mails. `FOR UPDATE SKIP LOCKED` lets several workers claim at once without
 * waiting on or taking each other's rows; the claim then pushes `next_attempt_at` a lease ahead, so the
 * send happens outside any transaction and a worker that dies mid-send releases its mails when the lease
 * ends. The attempt is counted at the claim, so such a crash still counts towards giving up.
 */
export async function claimDueMails(
  db: Knex,
  { now, limit, leaseMs }: { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedMail[]> {
  const { rows } = await db.raw<{ rows: ClaimedMail[] }>(
    `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?
      WHERE id IN (
        SELECT id FROM mail_outbox
         WHERE status = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at
         LIMIT ?
           FOR UPDATE SKIP LOCKED)
      RETURNING id, to_address AS "to", subject, text_body AS "sealedText", html_body AS "sealedHtml",
                seal_key_id AS "sealKeyId", attempts, sign_in_request AS "signInRequest"`,
    [new Date(now.getTime() + leaseMs), now, limit],
  );
  return rows;
}

/** Records a delivery and removes the bodies. */
export async function markSent(db: Knex, id: string, now: Date): Promise<void> {
  await db('mail_outbox').where({ id, status: 'pending' }).update({
    status: 'sent',
    sent_at: now,
    last_error: null,
    text_body: REMOVED_BODY,
    html_body: REMOVED_BODY,
  });
}

/** Records a failed attempt: the mail is tried again at `retryAt`, or given up (and its bodies removed). */
export async function markAttemptFailed(
  db: Knex,
  id: string,
  { error, retryAt }: { error: string; retryAt: Date | null },
): Promise<void> {
  const update = retryAt
    ? { next_attempt_at: retryAt, last_error: error }
    : {
        status: 'failed',
        last_error: error,
        text_body: REMOVED_BODY,
        html_body: REMOVED_BODY,
        sign_in_request: null,
      };
  await db('mail_outbox').where({ id, status: 'pending' }).update(update);
}

/**
 * Turns a claimed sign-in request into its mail, unless another worker did already (its lease ran out):
 * returns whether this call did.
 */
export async function fillSignInRequest(
  trx: Knex.Transaction,
  id: string,
  mail: {
    tenantId: string;
    to: string;
    subject: string;
    sealedText: string;
    sealedHtml: string;
    sealKeyId: string;
  },
): Promise<boolean> {
  const changed = await trx('mail_outbox')
    .where({ id, status: 'pending' })
    .whereNotNull('sign_in_request')
    .update({
      tenant_id: mail.tenantId,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.sealedText,
      html_body: mail.sealedHtml,
      seal_key_id: mail.sealKeyId,
      sign_in_request: null,
    });
  return changed === 1;
}

/** Removes a sign-in request that names no one: nothing is sent, and nothing of the address is kept. */
export async function dropSignInRequest(db: Knex, id: string): Promise<void> {
  await db('mail_outbox').where({ id, status: 'pending' }).whereNotNull('sign_in_request').delete();
}

/** How many mails wait to be sent, and for how long the oldest has waited (for the metrics). */
export async function outboxBacklog(
  db: Knex,
  now: Date,
): Promise<{ depth: number; oldestAgeSeconds: number }> {
  const row = (await db('mail_outbox')
    .where({ status: 'pending' })
    .first(db.raw('count(*)::int AS depth'), db.raw('min(created_at) AS oldest'))) as
    | { depth: number; oldest: Date | string | null }
    | undefined;
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : now.getTime();
  return { depth: row?.depth ?? 0, oldestAgeSeconds: Math.max(0, (now.getTime() - oldest) / 1000) };
}
