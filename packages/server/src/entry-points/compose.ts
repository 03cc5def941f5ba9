import { createSecretKey, type KeyObject } from 'node:crypto';
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { postgresBlobStore } from '../blobs/blob-store.js';
import type { Config } from '../config/config.js';
import { createBlobLinks } from '../features/avatars/blob-links.js';
import { createPageCursors } from '../features/documents/page-cursor.js';
import { signInRequestResolver } from '../features/sign-in/resolve-sign-in-request.js';
import { createAuthDeps } from '../features/sign-in/sign-in-deps.js';
import { createApp } from '../http/app.js';
import type { Readiness } from '../http/health.js';
import type { OperationHandlers } from '../http/operation-handler.js';
import { avatarOperations } from '../http/operations/avatar-operations.js';
import { documentOperations } from '../http/operations/document-operations.js';
import { LIVE_CHECKED_READS } from '../http/operations/live-checked-reads.js';
import { portalOperations } from '../http/operations/profile-operations.js';
import { authOperations } from '../http/operations/sign-in-operations.js';
import { wellKnownOperations } from '../http/operations/well-known-operations.js';
import { type Housekeeping, startHousekeeping } from '../jobs/housekeeping.js';
import { createMailCipher, type MailCipher } from '../mail/mail-cipher.js';
import { loadMailKeyRing, type MailKeyRing } from '../mail/mail-keys.js';
import { createMailTransport } from '../mail/mail-transport.js';
import { outboxBacklog } from '../mail/outbox-repository.js';
import { createOutboxWorker, type OutboxWorker } from '../mail/outbox-worker.js';
import { createMetrics, type Metrics, observeDbPool, observeOutbox } from '../metrics/metrics.js';
import { type MetricsServer, serveMetrics } from '../metrics/metrics-server.js';
import { createRateLimits } from '../rate-limit/rate-limits.js';
import type { AccessTokenSettings } from '../tokens/access-token.js';
import { createAuthenticator } from '../tokens/authenticate.js';
import { holdKeySet } from '../tokens/key-set.js';
import { deriveSignInCodeKey } from '../tokens/sign-in-code.js';
import { loadKeySet } from '../tokens/signing-key.js';
import { tracingEnabled } from '../tracing/tracing.js';

/*
 * The composition root: the one place where configuration becomes keys, use cases, handlers and the app.
 * The server, the outbox worker process, the tests' servers and the benchmark's baselines are all wired
 * here, so they cannot drift apart.
 */

/** How access tokens are signed and checked under this configuration. */
export function accessTokenSettings(config: Config): AccessTokenSettings {
  return {
    keys: holdKeySet(loadKeySet(config)),
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.accessTtlSeconds,
  };
}

/** How queued mail is sealed and opened under this configuration (its own key ring, not the signing keys). */
export function mailCipher(config: Config): MailCipher {
  return createMailCipher(loadMailKeyRing(config));
}

/** What `composeServices` makes from the configuration unless given. */
export interface ServiceParts {
  accessTokens: AccessTokenSettings;
  mailKeys: MailKeyRing;
  metrics: Metrics;
  clock: () => Date;
}

export interface Services {
  accessTokens: AccessTokenSettings;
  /** Seals mail on the request path; the in-process outbox worker opens with the same ring. */
  mailCipher: MailCipher;
  /** The key of the one-time codes' keyed hashes (tests store links with codes as the server does). */
  signInCodeKey: Buffer;
  handlers: OperationHandlers;
  /** Where the use cases count what they do; served only with METRICS_PORT (exposeMetrics). */
  metrics: Metrics;
}

/** Every operation's handler, over `db`; `parts` replace what this configuration would make (tests). */
export function composeServices(config: Config, db: Knex, parts: Partial<ServiceParts> = {}): Services {
  const accessTokens = parts.accessTokens ?? accessTokenSettings(config);
  const mailKeys = parts.mailKeys ?? loadMailKeyRing(config);
  const metrics = parts.metrics ?? createMetrics({ processMetrics: config.metrics !== undefined });
  const clock = parts.clock ?? (() => new Date());
  const cipher = createMailCipher(mailKeys);
  const secret = serverSecret(mailKeys);
  const signInCodeKey = deriveSignInCodeKey(secret);
  return {
    accessTokens,
    mailCipher: cipher,
    signInCodeKey,
    metrics,
    handlers: {
      ...authOperations(createAuthDeps(config, db, { accessTokens, cipher, signInCodeKey, clock, metrics }), {
        origins: new Set(config.corsOrigins),
        production: config.env === 'production',
      }),
      ...portalOperations(db),
      ...documentOperations({ db, cursors: createPageCursors(secret) }),
      ...wellKnownOperations(accessTokens.keys),
      ...avatarOperations({
        db,
        store: postgresBlobStore,
        links: createBlobLinks(secret),
        rateLimits: createRateLimits(db, config.rateLimits, metrics),
        clock,
      }),
    },
  };
}

/**
 * The key of what only the server writes and reads back, one-time codes (as keyed hashes), page cursors
 * and picture URLs: the mail ring's sealing key, from which each derives its own (HKDF, one label each). Not a
 * signing key: nothing made with it can pass as an access token. Rotating MAIL_KEYS voids the codes of
 * mails not used yet (their links still work), the cursors in flight (400: start again from page one) and
 * the picture URLs handed out (403: the web app asks for new ones).
 */
function serverSecret(ring: MailKeyRing): KeyObject {
  return createSecretKey(ring.keys.get(ring.sealKeyId) as Buffer);
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
    readiness,
  }: { services?: Services; overrides?: Partial<OperationHandlers>; readiness?: Readiness } = {},
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
    ...(readiness ? { readiness } : {}),
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
  cipher: MailCipher,
  logger: Logger,
  metrics?: Metrics,
): MailDelivery {
  const worker = createOutboxWorker({
    metrics,
    db,
    transport: createMailTransport(config.mail, logger),
    cipher,
    logger: logger.child({ component: 'outbox' }),
    settings: config.outbox,
    prepare: signInRequestResolver(db, cipher),
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
