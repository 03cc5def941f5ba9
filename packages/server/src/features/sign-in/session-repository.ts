import type { Knex } from 'knex';
import type { Principal } from '../../tokens/access-token.js';
import { liveStatement, PRINCIPAL_IS_LIVE, principalBindings } from '../../tokens/live-principal.js';
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

/** Why a sign-in ended, as stored in `sessions.revoked_reason` (migrations 0003 and 0008). */
export type SessionRevocation = 'logout' | 'reuse' | 'deactivated' | 'signed_out_elsewhere' | 'cap' | 'staff';

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
 * Returns how many sign-ins it ended (0 or 1).
 */
export async function revokeSessionOfUser(
  db: Knex,
  tokenHash: Buffer,
  owner: { userId: string; tenantId: string },
  now: Date,
): Promise<number> {
  return db('sessions')
    .whereIn('id', db('refresh_tokens').select('family_id').where({ token_hash: tokenHash }))
    .where({ user_id: owner.userId, tenant_id: owner.tenantId })
    .whereNull('revoked_at')
    .update({ revoked_at: now, revoked_reason: 'logout' });
}

/** Whose sign-ins a statement may touch: always one user of one tenant, from the verified token. */
export interface SessionOwner {
  userId: string;
  tenantId: string;
}

/**
 * Ends the owner's live sign-ins, all of them or all but `except`; `current`, when given, is recorded as a
 * logout and the others as ended elsewhere. One UPDATE: each row lock waits for a rotation in flight.
 * Returns the reasons recorded, one per sign-in ended.
 */
export async function revokeSessionsOfUser(
  db: Knex,
  owner: SessionOwner,
  { except, current }: { except?: string; current?: string },
  now: Date,
): Promise<SessionRevocation[]> {
  const { rows } = await db.raw<{ rows: { revoked_reason: SessionRevocation }[] }>(
    `UPDATE sessions
        SET revoked_at = :now,
            revoked_reason = CASE WHEN id = :current THEN 'logout' ELSE 'signed_out_elsewhere' END
      WHERE user_id = :userId AND tenant_id = :tenantId AND revoked_at IS NULL AND expires_at > :now
        AND id <> :except
  RETURNING revoked_reason`,
    {
      now,
      userId: owner.userId,
      tenantId: owner.tenantId,
      // No sign-in has the nil uuid: "no exception" and "no current one" without a second statement.
      current: current ?? NIL_UUID,
      except: except ?? NIL_UUID,
    },
  );
  return rows.map((r) => r.revoked_reason);
}

/**
 * Ends one live sign-in of the owner by id, with `reason`. Returns false when there is none: another
 * user's, one that ended, or none at all look the same.
 */
export async function revokeSessionById(
  db: Knex,
  owner: SessionOwner,
  sessionId: string,
  reason: SessionRevocation,
  now: Date,
): Promise<boolean> {
  const count = await db('sessions')
    .where({ id: sessionId, user_id: owner.userId, tenant_id: owner.tenantId })
    .whereNull('revoked_at')
    .where('expires_at', '>', now)
    .update({ revoked_at: now, revoked_reason: reason });
  return count > 0;
}

/**
 * Holds the user's row (`FOR NO KEY UPDATE`, which the foreign keys of new sessions do not wait on) until
 * the transaction ends, so that two sign-ins of one person apply the cap one after the other.
 */
export async function lockUserForSignIn(trx: Knex.Transaction, owner: SessionOwner): Promise<void> {
  await trx.raw('SELECT 1 FROM portal_users WHERE id = ? AND tenant_id = ? FOR NO KEY UPDATE', [
    owner.userId,
    owner.tenantId,
  ]);
}

/** Ends the owner's live sign-ins beyond the `keep` most recently used ones; returns how many it ended. */
export async function revokeSessionsOverCap(
  db: Knex,
  owner: SessionOwner,
  keep: number,
  now: Date,
): Promise<number> {
  const { rows } = await db.raw<{ rows: unknown[] }>(
    `UPDATE sessions SET revoked_at = :now, revoked_reason = 'cap'
      WHERE id IN (
        SELECT id FROM sessions
         WHERE user_id = :userId AND tenant_id = :tenantId AND revoked_at IS NULL AND expires_at > :now
         ORDER BY last_used_at DESC, created_at DESC
        OFFSET :keep)
  RETURNING id`,
    { now, userId: owner.userId, tenantId: owner.tenantId, keep },
  );
  return rows.length;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** A live sign-in as the devices list shows it, before its user agent and address are made readable. */
export interface LiveSessionRow {
  id: string;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  created_ip: string | null;
  created_user_agent: string | null;
}

/**
 * The requester's live sign-ins, most recently used first, in one statement that also carries the token's
 * liveness (PRINCIPAL_IS_LIVE): no row means the token no longer stands for anyone, since its own sign-in
 * would otherwise be listed.
 */
export async function listLiveSessions(db: Knex, who: Principal, now: Date): Promise<LiveSessionRow[]> {
  const { rows } = await liveStatement<LiveSessionRow>(
    db,
    `SELECT id, created_at, last_used_at, expires_at, created_ip, created_user_agent
       FROM sessions
      WHERE user_id = :userId AND tenant_id = :tenantId AND revoked_at IS NULL AND expires_at > :now
        AND ${PRINCIPAL_IS_LIVE}
      ORDER BY last_used_at DESC, created_at DESC, id`,
    principalBindings(who, now),
  );
  return rows;
}
