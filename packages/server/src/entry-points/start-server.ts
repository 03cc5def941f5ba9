import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { type Database, openDatabase } from '../db/database.js';
import { prepareSchema } from '../db/migrate.js';
import { createReadiness, type Readiness } from '../http/health.js';
import { createLogger } from '../logging/create-logger.js';
import type { MailCipher } from '../mail/mail-cipher.js';
import { loadMailKeyRing } from '../mail/mail-keys.js';
import type { MetricsServer } from '../metrics/metrics-server.js';
import type { AccessTokenSettings } from '../tokens/access-token.js';
import { watchKeySet } from '../tokens/signing-key.js';
import { traceQueries, tracingEnabled } from '../tracing/tracing.js';
import { type AdminChannel, serveAdminCommands } from './admin-cli/admin-channel.js';
import {
  accessTokenSettings,
  composeApp,
  composeServices,
  exposeMetrics,
  type MailDelivery,
  startMailDelivery,
} from './compose.js';

export interface RunningServer {
  server: Server;
  database: Database;
  logger: Logger;
  /** How access tokens are signed and checked (tests sign their own with it). */
  accessTokens: AccessTokenSettings;
  /** How queued mail is sealed (tests open what the outbox holds with it). */
  mailCipher: MailCipher;
  /** The key of the one-time codes' keyed hashes (tests store links with codes as the server does). */
  signInCodeKey: Buffer;
  /** The URL the server listens on, e.g. `http://127.0.0.1:18080`. */
  url: string;
  /** Where Prometheus scrapes this process (METRICS_PORT), when it does. */
  metricsUrl: string | undefined;
  /**
   * Reports not ready (/readyz 503) and keeps serving for the drain delay (SHUTDOWN_DRAIN_SECONDS), then
   * stops accepting connections, lets in-flight requests finish (up to the shutdown timeout), stops the
   * outbox worker, closes the database.
   */
  close(): Promise<void>;
}

/** Opens the database, applies migrations (or checks them), and starts listening (and delivering mail, unless told not to). */
export async function startServer(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  // Keys first: a key set or mail key ring that does not load stops the start before the database opens.
  const accessTokens = accessTokenSettings(config);
  const mailKeys = loadMailKeyRing(config); // once: a key made for this process must seal and open alike
  const database = await openDatabase(config, logger);
  if (tracingEnabled()) traceQueries(database.knex);
  let adminChannel: AdminChannel | undefined;
  let metricsServer: MetricsServer | undefined;
  let keyWatch: { stop(): void } | undefined;
  try {
    const applied = await prepareSchema(database.knex, config.migrateOnStart);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    // The embedded database can be opened by this process only: portal-admin sends its commands here.
    if (database.lock) {
      adminChannel = await serveAdminCommands(database.knex, logger);
      database.lock.advertise({ adminSocket: adminChannel.socketPath });
    }

    const services = composeServices(config, database.knex, { accessTokens, mailKeys });
    metricsServer = await exposeMetrics(config, services.metrics, database.knex, logger);
    // A rotation step written to the key folder reaches this process within SIGNING_KEYS_RELOAD_MS.
    keyWatch = watchKeySet(config, accessTokens.keys, (err) =>
      logger.error({ err }, 'signing key folder did not load; the previous key set stays in use'),
    );
    const readiness = createReadiness();
    const app = composeApp(config, database.knex, logger, { services, readiness });

    const server = await listen(app, config.port, config.host);
    const { port, address } = server.address() as AddressInfo;
    const host = address.includes(':')
      ? `[${address === '::' ? '::1' : address}]`
      : address === '0.0.0.0'
        ? '127.0.0.1'
        : address;
    const url = `http://${host}:${port}`;
    // The log says where the server is bound, not how this host reaches it: `[::]` or `0.0.0.0` is every
    // interface, which an operator must see as such.
    const bound = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
    const everyInterface = address === '::' || address === '0.0.0.0';
    logger.info(
      { url: bound, ...(everyInterface ? { interfaces: 'all' } : {}), database: database.kind },
      'portal server listening',
    );
    const mail = config.outbox.inProcess
      ? startMailDelivery(config, database.knex, services.mailCipher, logger, services.metrics)
      : undefined;

    let closing: Promise<void> | undefined;
    const close = () => {
      keyWatch?.stop();
      closing ??= drain(readiness, config.shutdownDrainMs, logger).then(() =>
        shutDown(server, database, config.shutdownTimeoutMs, adminChannel, mail, metricsServer),
      );
      return closing;
    };
    const { mailCipher, signInCodeKey } = services;
    const metricsUrl = metricsServer?.url;
    return { server, database, logger, accessTokens, mailCipher, signInCodeKey, url, metricsUrl, close };
  } catch (err) {
    keyWatch?.stop();
    await metricsServer?.close();
    await adminChannel?.close();
    await database.close();
    throw err;
  }
}

function listen(app: ReturnType<typeof composeApp>, port: number, host: string | undefined): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host ?? '::', (err?: Error) => (err ? reject(err) : resolve(server)));
    server.once('error', reject);
  });
}

// The balancer notices a failing readiness check only at its next probes: until it has taken the instance
// out, requests keep arriving and are served as usual.
async function drain(readiness: Readiness, drainMs: number, logger: Logger): Promise<void> {
  readiness.drain();
  if (drainMs <= 0) return;
  logger.info({ drainMs }, 'draining: reported not ready, still serving');
  await new Promise((resolve) => setTimeout(resolve, drainMs));
}

async function shutDown(
  server: Server,
  database: Database,
  timeoutMs: number,
  adminChannel: AdminChannel | undefined,
  mail: MailDelivery | undefined,
  metricsServer: MetricsServer | undefined,
): Promise<void> {
  const stopping = mail?.stop();
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
  await metricsServer?.close();
  await stopping;
  await database.close();
}
