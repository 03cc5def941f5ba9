import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config, RateLimit } from '../config/config.js';
import { HttpProblem } from '../http/problem.js';
import { knexQueryClient } from './knex-query-client.js';

/** Counts one request against a key; throws 429 problem+json with `Retry-After` over the limit. */
export interface Limiter {
  consume(key: string): Promise<void>;
}

export type RateLimits = Record<keyof Config['rateLimits'], Limiter>;

/**
 * The limits of everything a stranger can trigger, counted in the `rate_limits` table (fixed windows), so
 * they hold across server processes.
 */
export function createRateLimits(db: Knex, limits: Config['rateLimits']): RateLimits {
  const storeClient = knexQueryClient(db);
  const limiter = (keyPrefix: string, limit: RateLimit): Limiter => {
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
          await store.consume(key);
        } catch (err) {
          if (err instanceof RateLimiterRes) throw tooManyRequests(err.msBeforeNext);
          throw err;
        }
      },
    };
  };
  return {
    magicLinkPerEmail: limiter('magic-link-email', limits.magicLinkPerEmail),
    magicLinkPerIp: limiter('magic-link-ip', limits.magicLinkPerIp),
    validatePerIp: limiter('validate-ip', limits.validatePerIp),
    refreshPerIp: limiter('refresh-ip', limits.refreshPerIp),
  };
}

/** A key for values that must not be stored as they are (emails) or may be long: their SHA-256. */
export function hashedKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url');
}

/** Deletes counters whose window ended more than an hour ago (the rows a stranger can make pile up). */
export async function purgeExpiredRateLimits(db: Knex, now: Date): Promise<void> {
  await db('rate_limits')
    .where('expire', '<', now.getTime() - 3_600_000)
    .delete();
}

function tooManyRequests(msBeforeNext: number): HttpProblem {
  // RFC 9110, section 10.2.3: delay-seconds, a whole number.
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new HttpProblem(429, {
    detail: `Too many requests. Try again in ${seconds} seconds.`,
    headers: { 'Retry-After': String(seconds) },
  });
}
