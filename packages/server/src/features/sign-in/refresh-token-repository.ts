import type { Knex } from 'knex';

export interface NewRefreshToken {
  tenantId: string;
  userId: string;
  sessionId: string;
  parentId: string | null;
  tokenHash: Buffer;
  expiresAt: Date;
}

export async function insertRefreshToken(db: Knex, token: NewRefreshToken): Promise<void> {
  await db('refresh_tokens').insert({
    tenant_id: token.tenantId,
    user_id: token.userId,
    family_id: token.sessionId,
    parent_id: token.parentId,
    token_hash: token.tokenHash,
    expires_at: token.expiresAt,
  });
}

/** A refresh token as rotation reads it, under its session's lock. */
export interface RefreshTokenState {
  id: string;
  sessionId: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  /** The successor, sealed for this token (successor-seal.ts), while it may still be handed out again. */
  successorSealed: string | null;
}

export async function findRefreshToken(db: Knex, tokenHash: Buffer): Promise<RefreshTokenState | undefined> {
  return db('refresh_tokens')
    .where({ token_hash: tokenHash })
    .first<RefreshTokenState | undefined>(
      'id',
      'family_id as sessionId',
      'expires_at as expiresAt',
      'rotated_at as rotatedAt',
      'successor_sealed as successorSealed',
    );
}

/** Marks a token rotated, keeping its successor sealed for the grace period. */
export async function markRotated(
  db: Knex,
  id: string,
  now: Date,
  successorSealed: string | null,
): Promise<void> {
  await db('refresh_tokens').where({ id }).update({ rotated_at: now, successor_sealed: successorSealed });
}

/** Forgets the sealed successors of a session's tokens rotated before `before`: past their grace period. */
export async function forgetSuccessors(db: Knex, sessionId: string, before: Date): Promise<void> {
  await db('refresh_tokens')
    .where({ family_id: sessionId })
    .whereNotNull('successor_sealed')
    .andWhere('rotated_at', '<', before)
    .update({ successor_sealed: null });
}
