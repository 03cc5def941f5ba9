import type { Knex } from 'knex';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/*
 * The Prometheus metrics of one process, in a registry of its own (never prom-client's global one, so that
 * tests and the benchmark can run several servers in one process). Every label has a bounded set of values:
 * an operationId of the contract, an HTTP status, a limiter's name, an outcome. No user, email, tenant or
 * raw path ever becomes a label (a stranger could otherwise grow the series without bound).
 */

/** The rate limiters, by the names their refusals are counted under. */
export type LimiterName =
  | 'magic_link_email'
  | 'magic_link_ip'
  | 'validate_ip'
  | 'verify_code_email'
  | 'verify_code_ip'
  | 'refresh_ip'
  | 'avatar_user';

/** Why the server ends a sign-in (deactivation and staff revocations happen in `portal-admin`). */
const SESSION_END_REASONS = ['logout', 'signed_out_elsewhere', 'cap', 'reuse'] as const;

export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'operation' | 'status'>;
  httpRequestsInFlight: Gauge;
  rateLimitRefusals: Counter<'limiter'>;
  magicLinks: Counter<'outcome'>;
  signInCodes: Counter<'outcome'>;
  refreshRotations: Counter;
  refreshReuseDetections: Counter;
  /** Sign-ins ended by this process, by why (`SESSION_END_REASONS`; never a user or a device). */
  sessionsEnded: Counter<'reason'>;
  mailSends: Counter<'result'>;
  mailsFailedForGood: Counter;
}

/** A fresh set of metrics; `collectDefaultMetrics` adds the process's own (CPU, memory, event loop, GC). */
export function createMetrics({ processMetrics = false } = {}): Metrics {
  const registry = new Registry();
  if (processMetrics) {
    collectDefaultMetrics({ register: registry });
    // Gauges named like counters, which `promtool check metrics` rejects; nodejs_active_handles and
    // nodejs_active_requests (by type) say the same.
    for (const name of [
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ])
      registry.removeSingleMetric(name);
  }
  const registers = [registry];
  const metrics: Metrics = {
    registry,
    httpRequestDuration: new Histogram({
      name: 'portal_http_request_duration_seconds',
      help: 'Time from a request arriving to its response finishing, by operationId and status.',
      labelNames: ['operation', 'status'],
      // Around the budgets of docs/benchmarks.md: most answers take a few milliseconds.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    httpRequestsInFlight: new Gauge({
      name: 'portal_http_requests_in_flight',
      help: 'Requests received and not yet answered.',
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: 'portal_rate_limit_refusals_total',
      help: 'Requests refused with 429 Too Many Requests, by limiter.',
      labelNames: ['limiter'],
      registers,
    }),
    magicLinks: new Counter({
      name: 'portal_magic_links_total',
      help: 'Sign-in links requested (every accepted request, registered address or not), redeemed, and refused at validation (unknown, expired or used).',
      labelNames: ['outcome'],
      registers,
    }),
    signInCodes: new Counter({
      name: 'portal_sign_in_codes_total',
      help: 'One-time codes of sign-in mails tried: accepted, or refused (wrong, expired, used, out of attempts, unknown address).',
      labelNames: ['outcome'],
      registers,
    }),
    refreshRotations: new Counter({
      name: 'portal_refresh_rotations_total',
      help: 'Refresh tokens exchanged for a new pair.',
      registers,
    }),
    refreshReuseDetections: new Counter({
      name: 'portal_refresh_reuse_detections_total',
      help: 'Rotated refresh tokens presented again after the grace period: a sign-in revoked as probably stolen.',
      registers,
    }),
    sessionsEnded: new Counter({
      name: 'portal_sessions_ended_total',
      help: 'Sign-ins ended, by reason: logout, signed_out_elsewhere (from another device), cap (over the per-user limit), reuse.',
      labelNames: ['reason'],
      registers,
    }),
    mailSends: new Counter({
      name: 'portal_mail_sends_total',
      help: 'Mail delivery attempts by this process, by result: sent (a sign-in request naming no one counts as sent, so that registered addresses do not show), or failed.',
      labelNames: ['result'],
      registers,
    }),
    mailsFailedForGood: new Counter({
      name: 'portal_mail_failed_for_good_total',
      help: 'Mails given up after their last attempt.',
      registers,
    }),
  };
  // Zero series exist from the start, so that rate() and alerts see a 0 rather than nothing.
  for (const outcome of ['requested', 'redeemed', 'refused']) metrics.magicLinks.inc({ outcome }, 0);
  for (const outcome of ['accepted', 'refused']) metrics.signInCodes.inc({ outcome }, 0);
  for (const result of ['sent', 'failed']) metrics.mailSends.inc({ result }, 0);
  for (const reason of SESSION_END_REASONS) metrics.sessionsEnded.inc({ reason }, 0);
  for (const limiter of [
    'magic_link_email',
    'magic_link_ip',
    'validate_ip',
    'verify_code_email',
    'verify_code_ip',
    'refresh_ip',
    'avatar_user',
  ] satisfies LimiterName[])
    metrics.rateLimitRefusals.inc({ limiter }, 0);
  return metrics;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** Gauges of the database connection pool (knex's tarn pool), read at each scrape. */
export function observeDbPool(metrics: Metrics, db: Knex): void {
  const pool = () => (db.client as { pool?: TarnPool }).pool;
  const gauge = (name: string, help: string, read: (p: TarnPool) => number) =>
    new Gauge({
      name,
      help,
      registers: [metrics.registry],
      collect() {
        const p = pool();
        this.set(p ? read(p) : 0);
      },
    });
  gauge('portal_db_pool_connections_in_use', 'Database connections lent to a query or transaction.', (p) =>
    p.numUsed(),
  );
  gauge('portal_db_pool_connections_idle', 'Open database connections waiting in the pool.', (p) =>
    p.numFree(),
  );
  gauge('portal_db_pool_acquires_waiting', 'Queries waiting for a database connection.', (p) =>
    p.numPendingAcquires(),
  );
}

/**
 * Gauges of the mail outbox (shared by every process: read from the database at each scrape, so any
 * process that delivers mail can expose them).
 */
export function observeOutbox(
  metrics: Metrics,
  readOutbox: () => Promise<{ depth: number; oldestAgeSeconds: number }>,
): void {
  let last: Promise<{ depth: number; oldestAgeSeconds: number }> | undefined;
  // One query serves both gauges of a scrape.
  const read = () => {
    last ??= readOutbox().finally(() => {
      setImmediate(() => {
        last = undefined;
      });
    });
    return last;
  };
  new Gauge({
    name: 'portal_mail_outbox_depth',
    help: 'Mails waiting to be sent (pending, retries included).',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).depth);
    },
  });
  new Gauge({
    name: 'portal_mail_outbox_oldest_unsent_age_seconds',
    help: 'Age of the oldest mail still waiting to be sent (0 when none waits).',
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).oldestAgeSeconds);
    },
  });
}
