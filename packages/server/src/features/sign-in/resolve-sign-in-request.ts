import type { Knex } from 'knex';
import type { MailCipher } from '../../mail/mail-cipher.js';
import {
  type ClaimedMail,
  dropSignInRequest,
  fillSignInRequest,
  type SealedSignIn,
} from '../../mail/outbox-repository.js';
import { magicLinkMail } from './magic-link-mail.js';
import { findSignInUser, insertMagicLink } from './magic-link-repository.js';

/**
 * The outbox worker's half of request-magic-link: resolves the address of a claimed sign-in request. For an
 * active user of an active tenant it writes the link row and turns the outbox row into the mail, in one
 * transaction (neither exists without the other, and the row's lease keeps a second worker away; one whose
 * lease ran out finds the row already filled and writes nothing). Otherwise it drops the row: returns null.
 */
export function signInRequestResolver(db: Knex, cipher: MailCipher) {
  return async (mail: ClaimedMail): Promise<ClaimedMail | null> => {
    const request = mail.signInRequest;
    if (!request) return mail;
    // Opened before the lookup: a mail key gone from the ring fails every request alike, named or not.
    const { link, code } = JSON.parse(cipher.open(mail.id, mail.sealedText, mail.sealKeyId)) as SealedSignIn;
    const user = await findSignInUser(db, request);
    if (!user) {
      await dropSignInRequest(db, mail.id);
      return null;
    }
    const expiresAt = new Date(request.expiresAt);
    const rendered = magicLinkMail({
      tenantName: user.tenantName,
      firstName: user.firstName,
      link,
      code,
      expiresAt,
      ttlSeconds: (expiresAt.getTime() - new Date(request.requestedAt).getTime()) / 1000,
    });
    const filled: ClaimedMail = {
      ...mail,
      to: user.email,
      subject: rendered.subject,
      sealedText: cipher.seal(mail.id, rendered.text),
      sealedHtml: cipher.seal(mail.id, rendered.html),
      sealKeyId: cipher.sealKeyId,
      signInRequest: null,
    };
    const mine = await db.transaction(async (trx) => {
      const claimed = await fillSignInRequest(trx, mail.id, {
        ...filled,
        sealKeyId: cipher.sealKeyId,
        tenantId: user.tenantId,
      });
      if (claimed) await insertMagicLink(trx, request, user);
      return claimed;
    });
    return mine ? filled : null;
  };
}
