import type { Knex } from 'knex';
import type { AccessTokenSettings } from '../../auth/access-token.js';
import type { Config } from '../../config/config.js';
import type { MailCipher } from '../../mail/mail-cipher.js';
import { createRateLimits, type RateLimits } from '../../rate-limit/rate-limits.js';

/** What the sign-in use cases work with. */
export interface AuthDeps {
  db: Knex;
  clock: () => Date;
  accessTokens: AccessTokenSettings;
  mailCipher: MailCipher;
  rateLimits: RateLimits;
  settings: Config['signIn'];
}

export function createAuthDeps(
  config: Pick<Config, 'signIn' | 'rateLimits'>,
  db: Knex,
  accessTokens: AccessTokenSettings,
  mailCipher: MailCipher,
  clock: () => Date = () => new Date(),
): AuthDeps {
  return {
    db,
    clock,
    accessTokens,
    mailCipher,
    rateLimits: createRateLimits(db, config.rateLimits),
    settings: config.signIn,
  };
}
