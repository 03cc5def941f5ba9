import type { Knex } from 'knex';
import type { SessionUser } from './session-user.js';

/** A sign-in: the row that rotation, reuse detection and logout lock before they decide anything. */
export interface SessionRow {
  id: string;
  tenantId: string;
  userId: string;
  expiresAt: Date;
  lastUsedAt: Date;
  revokedAt: Date | null;
}

export type SessionRevocation = 'logout' | 'reuse' | 'deactivated';

export async function insertSession(
  db: Knex,
  session: {
    user: SessionUser;
    now: Date;
    expiresAt: Date;
    ip: string;
    userAgent: string | undefined;
  },
): Promise<string> {
  const [row] = await db('sessions')
    .insert({
      tenant_id: session.user.tenantId,
      user_id: session.user.userId,
      created_at: session.now,
      last_used_at: session.now,
      expires_at: session.expiresAt,
      created_ip: session.ip.slice(0, 64),
      created_user_agent: session.userAgent?.slice(0, 512) ?? null,
    })
    .returning<{ id: string }[]>('id');
  return (row as { id: string }).id;
}

/**
 * The session of the refresh token with this hash, locked (`FOR UPDATE`) until the transaction ends, with
 * its user as the token tables speak of them. Every decision about a sign-in is taken holding this lock, so
 * a rotation and a reuse detection of the same family run one after the other, never interleaved; read
 * after the lock, the row is the one the other transaction committed (READ COMMITTED re-reads it).
 */
export async function lockSessionOfToken(
  trx: Knex.Transaction,
  tokenHash: Buffer,
): Promise<(SessionRow & { user: SessionUser & { active: boolean } }) | undefined> {
  const { rows } = await trx.raw<{ rows: Record<string, unknown>[] }>(
    `SELECT s.id, s.tenant_id, s.user_id, s.expires_at, s.last_used_at, s.revoked_at,
            u.client_id, u.email, (u.active AND c.active AND t.active) AS active
       FROM refresh_tokens r
       JOIN sessions s ON s.id = r.family_id
       JOIN portal_users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
       JOIN tenants t ON t.id = u.tenant_id
       JOIN clients c ON c.id = u.client_id AND c.tenant_id = u.tenant_id
      WHERE r.token_hash = ?
        FOR UPDATE OF s`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    userId: row.user_id as string,
    expiresAt: row.expires_at as Date,
    lastUsedAt: row.last_used_at as Date,
    revokedAt: (row.revoked_at as Date | null) ?? null,
    user: {
      userId: row.user_id as string,
      tenantId: row.tenant_id as string,
      clientId: row.client_id as string,
      email: row.email as string,
      active: row.active as boolean,
    },
  };
}

export async function touchSession(db: Knex, sessionId: string, now: Date): Promise<void> {
  await db('sessions').where({ id: sessionId }).update({ last_used_at: now });
}

/** Ends a session; its refresh tokens stop rotating and its access tokens are refused at the next request. */
export async function revokeSession(
  db: Knex,
  sessionId: string,
  reason: SessionRevocation,
  now: Date,
): Promise<void> {
  await db('sessions')
    .where({ id: sessionId })
    .whereNull('revoked_at')
    .update({ revoked_at: now, revoked_reason: reason });
}

/**
 * Ends the session of the refresh token with this hash, if that token belongs to this user of this tenant.
 * One UPDATE: it takes the session's row lock, so it waits for a rotation in flight and is seen by any after.
 */
export async function revokeSessionOfUser(
  db: Knex,
  tokenHash: Buffer,
  owner: { userId: string; tenantId: string },
  now: Date,
): Promise<void> {
  await db('sessions')
    .whereIn('id', db('refresh_tokens').select('family_id').where({ token_hash: tokenHash }))
    .where({ user_id: owner.userId, tenant_id: owner.tenantId })
    .whereNull('revoked_at')
    .update({ revoked_at: now, revoked_reason: 'logout' });
}
