import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { AccessTokenSettings } from '../auth/access-token.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { holdKeySet } from '../auth/key-set.js';
import { loadKeySet } from '../auth/signing-key.js';
import type { Config } from '../config/config.js';
import { createAuthDeps } from '../features/auth/auth-deps.js';
import { createApp } from '../http/app.js';
import type { OperationHandlers } from '../http/operation-handler.js';
import { authOperations } from '../http/operations/auth-operations.js';
import { portalOperations } from '../http/operations/portal-operations.js';
import { wellKnownOperations } from '../http/operations/well-known-operations.js';
import { type Housekeeping, startHousekeeping } from '../jobs/housekeeping.js';
import { createMailCipher, type MailCipher } from '../mail/mail-cipher.js';
import { loadMailKeyRing } from '../mail/mail-keys.js';
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

export interface Services {
  accessTokens: AccessTokenSettings;
  /** Seals mail on the request path; the in-process outbox worker opens with the same ring. */
  mailCipher: MailCipher;
  handlers: OperationHandlers;
}

/** Every operation's handler, over `db`. */
export function composeServices(
  config: Config,
  db: Knex,
  accessTokens: AccessTokenSettings = accessTokenSettings(config),
  clock: () => Date = () => new Date(),
  cipher: MailCipher = mailCipher(config),
): Services {
  return {
    accessTokens,
    mailCipher: cipher,
    handlers: {
      ...authOperations(createAuthDeps(config, db, accessTokens, cipher, clock)),
      ...portalOperations(db),
      ...wellKnownOperations(accessTokens.keys),
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
  }: { services?: Services; overrides?: Partial<OperationHandlers> } = {},
): Express {
  return createApp({
    config,
    db,
    logger,
    authenticate: createAuthenticator(db, services.accessTokens),
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
  cipher: MailCipher,
  logger: Logger,
): MailDelivery {
  const worker = createOutboxWorker({
    db,
    transport: createMailTransport(config.mail, logger),
    cipher,
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
