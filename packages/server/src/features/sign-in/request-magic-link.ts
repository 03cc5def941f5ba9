import { randomUUID } from 'node:crypto';
import type { SealedSignIn } from '../../mail/outbox-repository.js';
import { newSecretToken } from '../../tokens/secret-token.js';
import { displaySignInCode, hashSignInCode, newSignInCode } from '../../tokens/sign-in-code.js';
import { insertSignInRequest, relaxCommitDurability } from './magic-link-repository.js';
import { signInAddress } from './sign-in-address.js';
import type { AuthDeps } from './sign-in-deps.js';

export interface MagicLinkRequest {
  email: string;
  tenantCode: string;
  ip: string;
  userAgent: string | undefined;
}

const MAX_USER_AGENT = 512;

/**
 * Records a request for a sign-in link, and returns nothing. It never looks the address up: it makes the
 * token and code, seals them and writes one outbox row whoever the address names, so neither the answer, its
 * timing nor the metrics tell a registered address from another: two paths of "equal work" measured apart,
 * one path cannot (docs/security.md). The outbox worker resolves the address later (resolve-sign-in-request.ts).
 */
export async function requestMagicLink(deps: AuthDeps, request: MagicLinkRequest): Promise<void> {
  const { email, tenantCode, limitKey } = signInAddress(request);
  await deps.rateLimits.magicLinkPerIp.consume(request.ip);
  await deps.rateLimits.magicLinkPerEmail.consume(limitKey);

  const now = deps.clock();
  const { token, hash } = newSecretToken();
  const linkId = randomUUID();
  const code = newSignInCode();
  const expiresAt = new Date(now.getTime() + deps.settings.magicLinkTtlSeconds * 1000);
  // A fragment never reaches a server's log; the portal page posts it to validate when the person clicks.
  const secrets: SealedSignIn = {
    link: `${deps.settings.portalUrl}/auth/magic#token=${token}`,
    code: displaySignInCode(code),
  };
  const id = randomUUID();
  await deps.db.transaction(async (trx) => {
    await relaxCommitDurability(trx);
    await insertSignInRequest(trx, {
      id,
      request: {
        linkId,
        tenantCode,
        email,
        tokenHash: hash.toString('base64'),
        codeHash: hashSignInCode(deps.signInCodeKey, linkId, code).toString('base64'),
        requestedAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        requestIp: request.ip,
        userAgent: request.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      },
      sealed: deps.mailCipher.seal(id, JSON.stringify(secrets)),
      sealKeyId: deps.mailCipher.sealKeyId,
      now,
    });
  });
  // Every request is counted alike: a count of links issued would move for registered addresses only.
  deps.metrics.magicLinks.inc({ outcome: 'requested' });
}
