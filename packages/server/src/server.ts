import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import type { AccessTokenSettings } from './auth/access-token.js';
import { loadSigningKey } from './auth/signing-key.js';
import { type AdminChannel, serveAdminCommands } from './cli/admin-channel.js';
import type { Config } from './config/config.js';
import { type Database, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createAuthDeps } from './features/auth/auth-deps.js';
import { authHandlers } from './features/auth/handlers.js';
import { portalHandlers } from './features/portal/handlers.js';
import { createLogger } from './http/logger.js';
import { loadSpec } from './http/spec.js';
import type { OutboxWorker } from './mail/outbox-worker.js';
import { startOutboxWorker } from './mail/start-outbox-worker.js';

export interface RunningServer {
  server: Server;
  database: Database;
  logger: Logger;
  /** How access tokens are signed and checked (tests sign their own with it). */
  accessTokens: AccessTokenSettings;
  /** The URL the server listens on, e.g. `http://127.0.0.1:18080`. */
  url: string;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to the shutdown timeout), stops the
   * outbox worker, closes the database.
   */
  close(): Promise<void>;
}

/** Opens the database, applies migrations, and starts listening. */
export async function startServer(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const database = await openDatabase(config, logger);
  let adminChannel: AdminChannel | undefined;
  try {
    const applied = await migrateToLatest(database.knex);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    // The embedded database can be opened by this process only: portal-admin sends its commands here.
    if (database.lock) {
      adminChannel = await serveAdminCommands(database.knex, logger);
      database.lock.advertise({ adminSocket: adminChannel.socketPath });
    }

    const accessTokens: AccessTokenSettings = {
      key: loadSigningKey(config),
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ttlSeconds: config.jwt.accessTtlSeconds,
    };
    const app = createApp({
      config,
      db: database.knex,
      logger,
      spec: loadSpec(),
      accessTokens,
      handlers: {
        ...authHandlers(createAuthDeps(config, database.knex, accessTokens)),
        ...portalHandlers(database.knex),
      },
    });

    const server = await listen(app, config.port, config.host);
    const { port, address } = server.address() as AddressInfo;
    const host = address.includes(':')
      ? `[${address === '::' ? '::1' : address}]`
      : address === '0.0.0.0'
        ? '127.0.0.1'
        : address;
    const url = `http://${host}:${port}`;
    logger.info({ url, database: database.kind }, 'portal server listening');
    const outbox = config.outbox.inProcess
      ? startOutboxWorker(config, database.knex, accessTokens, logger)
      : undefined;

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= shutDown(server, database, config.shutdownTimeoutMs, adminChannel, outbox);
      return closing;
    };
    return { server, database, logger, accessTokens, url, close };
  } catch (err) {
    await adminChannel?.close();
    await database.close();
    throw err;
  }
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string | undefined): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host ?? '::', (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once('error', reject);
  });
}

async function shutDown(
  server: Server,
  database: Database,
  timeoutMs: number,
  adminChannel: AdminChannel | undefined,
  outbox: OutboxWorker | undefined,
): Promise<void> {
  const stopping = outbox?.stop();
  await new Promise<void>((resolve) => {
    // Connections still busy when the grace period ends are cut, so shutdown always completes.
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    // A keep-alive connection becomes idle once its request in flight is answered: close it then, rather
    // than waiting for the client or the keep-alive timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
  await adminChannel?.close();
  await stopping;
  await database.close();
}
