import { randomUUID } from 'node:crypto';
import { newSecretToken } from '../../auth/secret-token.js';
import { displaySignInCode, hashSignInCode, newSignInCode } from '../../auth/sign-in-code.js';
import type { AuthDeps } from './auth-deps.js';
import { magicLinkMail } from './magic-link-mail.js';
import { findSignInUser, insertMagicLinkWithMail, relaxCommitDurability } from './magic-link-repository.js';
import { signInAddress } from './sign-in-address.js';

export interface MagicLinkRequest {
  email: string;
  tenantCode: string;
  ip: string;
  userAgent: string | undefined;
}

// Matches no user: an unknown email runs the same insert, which then inserts nothing.
const NO_USER = '00000000-0000-0000-0000-000000000000';
const MAX_USER_AGENT = 512;

/**
 * Queues a sign-in link for the active user with this email in the tenant with this code. Whether or not
 * there is such a user, it does the same work (lookup, token, mail rendering and encryption, one insert)
 * and returns nothing, so a stranger learns nothing about which emails are registered. The mail itself is
 * sent by the outbox worker, never on this path.
 */
export async function requestMagicLink(deps: AuthDeps, request: MagicLinkRequest): Promise<void> {
  const { email, tenantCode, limitKey } = signInAddress(request);
  await deps.rateLimits.magicLinkPerIp.consume(request.ip);
  await deps.rateLimits.magicLinkPerEmail.consume(limitKey);

  const issued = await deps.db.transaction(async (trx) => {
    await relaxCommitDurability(trx);
    const user = await findSignInUser(trx, { tenantCode, email });
    const now = deps.clock();
    const { token, hash } = newSecretToken();
    const linkId = randomUUID();
    const code = newSignInCode();
    const expiresAt = new Date(now.getTime() + deps.settings.magicLinkTtlSeconds * 1000);
    // A fragment never reaches a server's log; the portal page posts it to validate when the person clicks.
    const link = `${deps.settings.portalUrl}/auth/magic#token=${token}`;
    const mail = magicLinkMail({
      tenantName: user?.tenantName ?? tenantCode,
      firstName: user?.firstName ?? email,
      link,
      code: displaySignInCode(code),
      expiresAt,
      ttlSeconds: deps.settings.magicLinkTtlSeconds,
    });
    const mailId = randomUUID();
    await insertMagicLinkWithMail(trx, {
      id: linkId,
      userId: user?.id ?? NO_USER,
      tokenHash: hash,
      codeHash: hashSignInCode(deps.signInCodeKey, linkId, code),
      now,
      expiresAt,
      requestIp: request.ip,
      userAgent: request.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      mail: {
        id: mailId,
        to: user?.email ?? email,
        subject: mail.subject,
        sealedText: deps.mailCipher.seal(mailId, mail.text),
        sealedHtml: deps.mailCipher.seal(mailId, mail.html),
        sealKeyId: deps.mailCipher.sealKeyId,
      },
    });
    return user !== undefined;
  });
  if (issued) deps.metrics.magicLinks.inc({ outcome: 'issued' });
}
