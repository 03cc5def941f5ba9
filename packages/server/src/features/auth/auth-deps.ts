import type { Knex } from 'knex';
import type { AccessTokenSettings } from '../../auth/access-token.js';
import { deriveSignInCodeKey } from '../../auth/sign-in-code.js';
import type { Config } from '../../config/config.js';
import { createMailCipher, type MailCipher } from '../../mail/mail-cipher.js';
import { createMetrics, type Metrics } from '../../metrics/metrics.js';
import { createRateLimits, type RateLimits } from '../../rate-limit/rate-limits.js';

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
  /** Where sign-in events are counted (links issued and redeemed, rotations, reuse detections). */
  metrics: Metrics;
}

export function createAuthDeps(
  config: Pick<Config, 'signIn' | 'rateLimits'>,
  db: Knex,
  accessTokens: AccessTokenSettings,
  clock: () => Date = () => new Date(),
  metrics: Metrics = createMetrics(),
): AuthDeps {
  return {
    db,
    clock,
    accessTokens,
    mailCipher: createMailCipher(accessTokens.key),
    signInCodeKey: deriveSignInCodeKey(accessTokens.key),
    rateLimits: createRateLimits(db, config.rateLimits, metrics),
    settings: config.signIn,
    metrics,
  };
}
