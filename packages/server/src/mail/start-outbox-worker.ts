import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { AccessTokenSettings } from '../auth/access-token.js';
import type { Config } from '../config/config.js';
import { purgeExpiredTokens } from '../features/auth/purge-expired-tokens.js';
import { purgeExpiredRateLimits } from '../rate-limit/rate-limits.js';
import { createMailCipher } from './mail-cipher.js';
import { createMailTransport } from './mail-transport.js';
import { createOutboxWorker, type OutboxWorker } from './outbox-worker.js';

/**
 * Starts the outbox worker as configured, inside the server or in its own process (outbox-main). It is
 * the one background loop, so it also purges expired tokens and rate-limit counters once an hour.
 */
export function startOutboxWorker(
  config: Pick<Config, 'mail' | 'outbox'>,
  db: Knex,
  accessTokens: Pick<AccessTokenSettings, 'key'>,
  logger: Logger,
): OutboxWorker {
  const worker = createOutboxWorker({
    db,
    transport: createMailTransport(config.mail, logger),
    cipher: createMailCipher(accessTokens.key),
    logger: logger.child({ component: 'outbox' }),
    settings: config.outbox,
    housekeeping: async (now) => {
      await purgeExpiredRateLimits(db, now);
      await purgeExpiredTokens(db, now);
    },
  });
  worker.start();
  logger.info(
    { smtp: config.mail.smtpUrl !== undefined, dir: config.mail.smtpUrl ? undefined : config.mail.outboxDir },
    'outbox worker started',
  );
  return worker;
}
