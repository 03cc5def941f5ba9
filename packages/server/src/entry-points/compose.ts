import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { AccessTokenSettings } from '../auth/access-token.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { loadSigningKey } from '../auth/signing-key.js';
import type { Config } from '../config/config.js';
import { createAuthDeps } from '../features/auth/auth-deps.js';
import { createPageCursors } from '../features/documents/page-cursor.js';
import { createApp } from '../http/app.js';
import type { OperationHandlers } from '../http/operation-handler.js';
import { authOperations } from '../http/operations/auth-operations.js';
import { documentOperations } from '../http/operations/document-operations.js';
import { LIVE_CHECKED_READS } from '../http/operations/live-checked-reads.js';
import { portalOperations } from '../http/operations/portal-operations.js';
import { type Housekeeping, startHousekeeping } from '../jobs/housekeeping.js';
import { createMailCipher } from '../mail/mail-cipher.js';
import { createMailTransport } from '../mail/mail-transport.js';
import { outboxBacklog } from '../mail/outbox-repository.js';
import { createOutboxWorker, type OutboxWorker } from '../mail/outbox-worker.js';
import { createMetrics, type Metrics, observeDbPool, observeOutbox } from '../metrics/metrics.js';
import { type MetricsServer, serveMetrics } from '../metrics/metrics-server.js';
import { tracingEnabled } from '../tracing/tracing.js';

/*
 * The composition root: the one place where configuration becomes keys, use cases, handlers and the app.
 * The server, the outbox worker process, the tests' servers and the benchmark's baselines are all wired
 * here, so they cannot drift apart.
 */

/** How access tokens are signed and checked under this configuration. */
export function accessTokenSettings(config: Config): AccessTokenSettings {
  return {
    key: loadSigningKey(config),
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.accessTtlSeconds,
  };
}

export interface Services {
  accessTokens: AccessTokenSettings;
  handlers: OperationHandlers;
  /** Where the use cases count what they do; served only with METRICS_PORT (exposeMetrics). */
  metrics: Metrics;
}

/** Every operation's handler, over `db`. */
export function composeServices(
  config: Config,
  db: Knex,
  accessTokens: AccessTokenSettings = accessTokenSettings(config),
  clock: () => Date = () => new Date(),
  metrics: Metrics = createMetrics({ processMetrics: config.metrics !== undefined }),
): Services {
  return {
    accessTokens,
    metrics,
    handlers: {
      ...authOperations(createAuthDeps(config, db, accessTokens, clock, metrics)),
      ...portalOperations(db),
      ...documentOperations({ db, cursors: createPageCursors(accessTokens.key) }),
    },
  };
}

/**
 * The HTTP app of this configuration over `db`; `overrides` replace handlers (tests of the HTTP machinery).
 * A replaced read no longer checks liveness itself, so the bearer guard checks it again for that one.
 */
export function composeApp(
  config: Config,
  db: Knex,
  logger: Logger,
  {
    services = composeServices(config, db),
    overrides = {},
  }: { services?: Services; overrides?: Partial<OperationHandlers> } = {},
): Express {
  return createApp({
    config,
    db,
    logger,
    authenticator: createAuthenticator(db, services.accessTokens),
    liveCheckedByRead: new Set(LIVE_CHECKED_READS.filter((id) => !(id in overrides))),
    // Timing every request costs CPU (docs/benchmarks.md): only when someone scrapes the figures.
    requestMetrics: config.metrics ? services.metrics : undefined,
    tracing: tracingEnabled(),
    handlers: { ...services.handlers, ...overrides },
  });
}

export interface MailDelivery {
  worker: OutboxWorker;
  housekeeping: Housekeeping;
  stop(): Promise<void>;
}

/** Starts delivering the outbox, and the housekeeping that runs beside it. */
export function startMailDelivery(
  config: Config,
  db: Knex,
  accessTokens: Pick<AccessTokenSettings, 'key'>,
  logger: Logger,
  metrics?: Metrics,
): MailDelivery {
  const worker = createOutboxWorker({
    metrics,
    db,
    transport: createMailTransport(config.mail, logger),
    cipher: createMailCipher(accessTokens.key),
    logger: logger.child({ component: 'outbox' }),
    settings: config.outbox,
  });
  worker.start();
  const housekeeping = startHousekeeping(db, logger.child({ component: 'housekeeping' }));
  logger.info(
    { smtp: config.mail.smtpUrl !== undefined, dir: config.mail.smtpUrl ? undefined : config.mail.outboxDir },
    'outbox worker started',
  );
  if (metrics && config.metrics) observeOutbox(metrics, () => outboxBacklog(db, new Date()));
  return {
    worker,
    housekeeping,
    stop: async () => {
      await Promise.all([worker.stop(), housekeeping.stop()]);
    },
  };
}

/**
 * Serves this process's metrics on METRICS_PORT (with the database pool's gauges), or nothing when it is
 * not set.
 */
export async function exposeMetrics(
  config: Pick<Config, 'metrics'>,
  metrics: Metrics,
  db: Knex,
  logger: Logger,
): Promise<MetricsServer | undefined> {
  if (!config.metrics) return undefined;
  observeDbPool(metrics, db);
  const server = await serveMetrics(metrics.registry, config.metrics, logger);
  logger.info({ url: server.url }, 'metrics served');
  return server;
}
