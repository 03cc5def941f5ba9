import type { Request } from 'express';
import type { Knex } from 'knex';
import { HttpProblem } from '../http/problem.js';
import { type AccessTokenSettings, type Principal, verifyAccessToken } from './access-token.js';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * Resolves the principal of a request to a protected operation, or throws 401 with `WWW-Authenticate`
 * (RFC 6750, section 3). The user, its client and its tenant must still be active in the database, so a
 * deactivated user loses access at once rather than when the access token expires.
 */
export function createAuthenticator(db: Knex, settings: AccessTokenSettings) {
  return async function authenticate(req: Request): Promise<Principal> {
    const header = req.headers.authorization;
    // No credentials, or another scheme (Basic...): a challenge without an error code (RFC 6750, 3.1).
    if (!header?.toLowerCase().startsWith('bearer ')) {
      throw unauthorized('A valid access token is required.', false);
    }
    const match = BEARER.exec(header);
    const principal = match?.[1] ? verifyAccessToken(settings, match[1]) : null;
    if (!principal) throw unauthorized('The access token is invalid or has expired.', true);

    if (!(await isStillActive(db, principal))) {
      throw unauthorized('The access token is invalid or has expired.', true);
    }
    return principal;
  };
}

/** Whether the token's user still belongs to its client and is active in an active tenant: one query. */
export async function isStillActive(db: Knex, principal: Principal): Promise<boolean> {
  const row = await db('portal_users as u')
    .join('tenants as t', 't.id', 'u.tenant_id')
    .where({
      'u.id': principal.userId,
      'u.tenant_id': principal.tenantId,
      'u.client_id': principal.clientId,
    })
    .andWhere('u.active', true)
    .andWhere('t.active', true)
    .first(db.raw('1 AS ok'));
  return row !== undefined;
}

export type Authenticate = ReturnType<typeof createAuthenticator>;

/** 401 for a protected operation, with the challenge of RFC 6750, section 3. */
export function unauthorized(detail: string, tokenPresented: boolean): HttpProblem {
  return new HttpProblem(401, {
    detail,
    headers: {
      'WWW-Authenticate': tokenPresented
        ? 'Bearer realm="portal", error="invalid_token"'
        : 'Bearer realm="portal"',
    },
  });
}
