import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { AccessTokenSettings } from '../auth/access-token.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { loadSigningKey } from '../auth/signing-key.js';
import type { Config } from '../config/config.js';
import { createAuthDeps } from '../features/auth/auth-deps.js';
import { createApp } from '../http/app.js';
import type { Readiness } from '../http/health.js';
import type { OperationHandlers } from '../http/operation-handler.js';
import { authOperations } from '../http/operations/auth-operations.js';
import { portalOperations } from '../http/operations/portal-operations.js';
import { type Housekeeping, startHousekeeping } from '../jobs/housekeeping.js';
import { createMailCipher } from '../mail/mail-cipher.js';
import { createMailTransport } from '../mail/mail-transport.js';
import { createOutboxWorker, type OutboxWorker } from '../mail/outbox-worker.js';

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
}

/** Every operation's handler, over `db`. */
export function composeServices(
  config: Config,
  db: Knex,
  accessTokens: AccessTokenSettings = accessTokenSettings(config),
  clock: () => Date = () => new Date(),
): Services {
  return {
    accessTokens,
    handlers: {
      ...authOperations(createAuthDeps(config, db, accessTokens, clock)),
      ...portalOperations(db),
    },
  };
}

/** The HTTP app of this configuration over `db`; `overrides` replace handlers (tests of the HTTP machinery). */
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
    authenticate: createAuthenticator(db, services.accessTokens),
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
  accessTokens: Pick<AccessTokenSettings, 'key'>,
  logger: Logger,
): MailDelivery {
  const worker = createOutboxWorker({
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
  return {
    worker,
    housekeeping,
    stop: async () => {
      await Promise.all([worker.stop(), housekeeping.stop()]);
    },
  };
}
