import type { MockAccount } from '../data/accounts.js';
import type { MockState } from '../state/mock-state.js';
import { unauthorized } from './problem.js';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * The server's bearer check, step by step: no `Authorization` header, or one without the Bearer scheme, is
 * refused by the contract validator ("A valid access token is required."); a token that is malformed,
 * altered, expired or whose user lost access gets `error="invalid_token"` (RFC 6750, section 3.1).
 */
export function authenticate(state: MockState, authorization: string | null): MockAccount {
  if (!authorization?.toLowerCase().includes('bearer')) throw unauthorized(false);
  const token = BEARER.exec(authorization)?.[1];
  const claims = token ? state.sessions.verifyAccessToken(token) : null;
  const account = claims ? state.accountById(claims.sub) : undefined;
  if (!claims || !account?.active || account.client.id !== claims.cid || account.tenantCode !== claims.tid) {
    throw unauthorized(true);
  }
  return account;
}
