import { readBearer } from '@portal/contract';
import type { Knex } from 'knex';
import { problems } from '../errors/problem-error.js';
import { type AccessTokenSettings, type Principal, verifyAccessToken } from './access-token.js';
import { isStillActive, refuseEndedSignIn } from './live-principal.js';

/**
 * Who is asking, from the `Authorization` header of a request to a protected operation, or 401 with the
 * bearer challenge (RFC 6750, section 3). Two strengths:
 * - `verify`: the token alone (signature, algorithm, claims, expiry), no database. For the reads whose own
 *   statement carries the liveness condition (live-principal.ts): they answer the same 401 when it fails.
 * - `authenticate`: `verify`, then the liveness query, so deactivation, logout and reuse detection take
 *   effect at the next request rather than when the access token expires.
 */
export function createAuthenticator(db: Knex, settings: AccessTokenSettings) {
  const verify = (authorization: string | undefined): Principal => {
    const credentials = readBearer(authorization);
    if (credentials.kind === 'none') throw problems.unauthorized(false);
    const principal = credentials.kind === 'token' ? verifyAccessToken(settings, credentials.token) : null;
    if (!principal) throw problems.unauthorized(true);
    return principal;
  };
  const authenticate = async (authorization: string | undefined): Promise<Principal> => {
    const principal = verify(authorization);
    if (!(await isStillActive(db, principal))) refuseEndedSignIn();
    return principal;
  };
  return { verify, authenticate };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
