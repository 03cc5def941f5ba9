import { hashSignInCode, signInCodeMatches } from '../../tokens/sign-in-code.js';
import { consumeMagicLinkOfCode, countCodeAttempt, relaxCommitDurability } from './magic-link-repository.js';
import { startSignIn } from './redeem-magic-link.js';
import type { IssuedTokens } from './session-tokens.js';
import { signInAddress } from './sign-in-address.js';
import type { AuthDeps } from './sign-in-deps.js';

export interface CodeSignIn {
  email: string;
  tenantCode: string;
  code: string;
  ip: string;
  userAgent?: string | undefined;
}

// The link id an unknown address's code is hashed with: the same HMAC work as for a real link.
const NO_LINK = '00000000-0000-0000-0000-000000000000';

/**
 * Signs in with the one-time code of the latest sign-in mail of (tenant, email), as `redeemMagicLink` does
 * with its link. Returns null for a wrong code, a link that is expired, used or out of attempts, and an
 * unknown or inactive address alike, after the same work in each case: two rate limits, one conditional
 * UPDATE (which counts the attempt), one HMAC and one constant-time comparison. A wrong attempt is counted
 * even though nothing else is written: the transaction commits it.
 */
export async function verifySignInCode(deps: AuthDeps, request: CodeSignIn): Promise<IssuedTokens | null> {
  const address = signInAddress(request);
  await deps.rateLimits.verifyCodePerIp.consume(request.ip);
  await deps.rateLimits.verifyCodePerEmail.consume(address.limitKey);
  const now = deps.clock();
  const tokens = await deps.db.transaction(async (trx) => {
    // A wrong code for a known address writes its attempt and one for an unknown address writes nothing:
    // waiting for the WAL flush only in the first case measured 4 ms of difference (median, PostgreSQL).
    // A database crash may forget the last attempts counted; the per-address limit still holds them.
    await relaxCommitDurability(trx);
    const attempt = await countCodeAttempt(trx, { ...address, now, max: deps.settings.codeMaxAttempts });
    const computed = hashSignInCode(deps.signInCodeKey, attempt?.id ?? NO_LINK, request.code);
    if (!signInCodeMatches(attempt?.codeHash, computed) || !attempt) return null;
    const user = await consumeMagicLinkOfCode(trx, attempt, now);
    return user ? startSignIn(deps, trx, { user, now, ip: request.ip, userAgent: request.userAgent }) : null;
  });
  deps.metrics.signInCodes.inc({ outcome: tokens ? 'accepted' : 'refused' });
  return tokens;
}
