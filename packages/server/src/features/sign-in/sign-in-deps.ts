import type { Knex } from 'knex';
import type { Config } from '../../config/config.js';
import type { MailCipher } from '../../mail/mail-cipher.js';
import type { Metrics } from '../../metrics/metrics.js';
import { createRateLimits, type RateLimits } from '../../rate-limit/rate-limits.js';
import type { AccessTokenSettings } from '../../tokens/access-token.js';

/** What the sign-in use cases work with. */
export interface AuthDeps {
  db: Knex;
  clock: () => Date;
  accessTokens: AccessTokenSettings;
  mailCipher: MailCipher;
  /** The HMAC key of the sign-in mails' one-time codes. */
  signInCodeKey: Buffer;
  rateLimits: RateLimits;
  settings: Config['signIn'];
  /** Where sign-in events are counted (links requested and redeemed, rotations, reuse detections). */
  metrics: Metrics;
}

export function createAuthDeps(
  config: Pick<Config, 'signIn' | 'rateLimits'>,
  db: Knex,
  parts: {
    accessTokens: AccessTokenSettings;
    cipher: MailCipher;
    signInCodeKey: Buffer;
    clock: () => Date;
    metrics: Metrics;
  },
): AuthDeps {
  return {
    db,
    clock: parts.clock,
    accessTokens: parts.accessTokens,
    mailCipher: parts.cipher,
    signInCodeKey: parts.signInCodeKey,
    rateLimits: createRateLimits(db, config.rateLimits, parts.metrics),
    settings: config.signIn,
    metrics: parts.metrics,
  };
}
