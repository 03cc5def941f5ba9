import { readBearer } from '@portal/contract';
import type { Knex } from 'knex';
import { problems } from '../errors/problem-error.js';
import { type AccessTokenSettings, type Principal, verifyAccessToken } from './access-token.js';

/**
 * Resolves who is asking from the `Authorization` header of a request to a protected operation, or throws
 * 401 with the bearer challenge (RFC 6750, section 3). The user, its client and its tenant must still be
 * active and the token's session neither revoked nor over, so deactivation, logout and reuse detection
 * take effect at the next request rather than when the access token expires.
 */
export function createAuthenticator(db: Knex, settings: AccessTokenSettings) {
  return async function authenticate(authorization: string | undefined): Promise<Principal> {
    const credentials = readBearer(authorization);
    if (credentials.kind === 'none') throw problems.unauthorized(false);
    const principal = credentials.kind === 'token' ? verifyAccessToken(settings, credentials.token) : null;
    if (!principal || !(await isStillActive(db, principal))) throw problems.unauthorized(true);
    return principal;
  };
}

/**
 * Whether the token's user still belongs to its client and is active in an active tenant, and its session is
 * live: one query, one round trip.
 */
export async function isStillActive(
  db: Knex,
  principal: Principal,
  now: Date = new Date(),
): Promise<boolean> {
  const { rows } = await db.raw<{ rows: unknown[] }>(
    `SELECT 1 FROM portal_users u
       JOIN tenants t ON t.id = u.tenant_id
       JOIN sessions s ON s.user_id = u.id AND s.tenant_id = u.tenant_id
      WHERE u.id = ? AND u.tenant_id = ? AND u.client_id = ? AND u.active AND t.active
        AND s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ?`,
    [principal.userId, principal.tenantId, principal.clientId, principal.sessionId, now],
  );
  return rows.length > 0;
}

export type Authenticate = ReturnType<typeof createAuthenticator>;
