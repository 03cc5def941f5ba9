import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config, RateLimit } from '../config/config.js';
import { problems } from '../errors/problem-error.js';
import type { LimiterName, Metrics } from '../metrics/metrics.js';
import { addressKey } from './address-key.js';
import { knexQueryClient } from './knex-query-client.js';

/**
 * Counts one request against a key; throws 429 problem+json with `Retry-After` over the limit. Keys are
 * stored as their SHA-256: no value a client chose (an email, an address a proxy passed on) reaches the
 * table, whatever its length or content.
 */
interface Limiter {
  consume(key: string): Promise<void>;
}

export type RateLimits = Record<keyof Config['rateLimits'], Limiter>;

/**
 * The limits of everything a stranger can trigger, counted in the `rate_limits` table (fixed windows), so
 * they hold across server processes.
 */
export function createRateLimits(db: Knex, limits: Config['rateLimits'], metrics?: Metrics): RateLimits {
  const storeClient = knexQueryClient(db);
  const limiter = (keyPrefix: string, limit: RateLimit, keyOf = (key: string) => key): Limiter => {
    const name = keyPrefix.replaceAll('-', '_') as LimiterName;
    const store = new RateLimiterPostgres({
      storeClient,
      storeType: 'client',
      tableName: 'rate_limits',
      tableCreated: true, // by migration 0002
      clearExpiredByTimeout: false, // its timer would outlive the server; see purgeExpiredRateLimits
      keyPrefix,
      points: limit.points,
      duration: limit.durationSeconds,
    });
    return {
      async consume(key) {
        try {
          await store.consume(sha256(keyOf(key)));
        } catch (err) {
          if (err instanceof RateLimiterRes) {
            metrics?.rateLimitRefusals.inc({ limiter: name });
            throw problems.tooManyRequests(err.msBeforeNext);
          }
          throw err;
        }
      },
    };
  };
  return {
    magicLinkPerEmail: limiter('magic-link-email', limits.magicLinkPerEmail),
    magicLinkPerIp: limiter('magic-link-ip', limits.magicLinkPerIp, addressKey),
    validatePerIp: limiter('validate-ip', limits.validatePerIp, addressKey),
    verifyCodePerEmail: limiter('verify-code-email', limits.verifyCodePerEmail),
    verifyCodePerIp: limiter('verify-code-ip', limits.verifyCodePerIp, addressKey),
    refreshPerIp: limiter('refresh-ip', limits.refreshPerIp, addressKey),
    avatarPerUser: limiter('avatar-user', limits.avatarPerUser),
  };
}

const sha256 = (key: string) => createHash('sha256').update(key).digest('base64url');

/** Deletes counters whose window ended more than an hour ago (the rows a stranger can make pile up). */
export async function purgeExpiredRateLimits(db: Knex, now: Date): Promise<void> {
  await db('rate_limits')
    .where('expire', '<', now.getTime() - 3_600_000)
    .delete();
}
