import type { Logger } from 'pino';
import { type Config, ConfigError, loadConfig, type ProcessRole } from '../config/config.js';
import { EXIT } from '../errors/admin-error.js';
import { createLogger } from '../logging/create-logger.js';
import { startTracing, type Tracing } from '../tracing/tracing.js';
import { debugRequested, knownFailure, stackOf } from './known-failure.js';

// Which settings each process reads (config.ts): the worker none of the signing keys.
const ROLE_OF: Record<'portal server' | 'outbox worker', ProcessRole> = {
  'portal server': 'server',
  'outbox worker': 'outbox-worker',
};

/**
 * Runs a long-lived process (the server, the outbox worker): reads the configuration that it uses (exit
 * 78 when it is invalid), starts (a failure an operator can fix exits with its code from known-failure.ts),
 * and on SIGTERM or SIGINT closes what it started and exits 0 (1 if closing failed), after the start has
 * ended when the signal came during it.
 */
export function runProcess(
  name: keyof typeof ROLE_OF,
  start: (config: Config, logger: Logger) => Promise<{ close(): Promise<void> }>,
): void {
  let config: Config;
  try {
    config = loadConfig(process.env, ROLE_OF[name]);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // EX_CONFIG from sysexits.h: process managers and operators can tell bad configuration from a crash.
    process.stderr.write(`${err.message}\n`);
    process.exit(EXIT.config);
  }
  const logger = createLogger(config.logLevel);
  let tracing: Tracing | undefined;
  for (const warning of config.warnings) logger.warn(warning);
  // A bug nothing caught leaves the process in an unknown state: say what it was, then stop, and let the
  // process manager start a clean one (instead of dying without a word, or limping on).
  const crash = (kind: string) => (err: unknown) => {
    logger.fatal({ err }, `${name}: ${kind}; exiting`);
    process.exit(1);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled promise rejection'));
  // A stop asked while starting waits for the start to end: killed half-way through MIGRATE_ON_START, a
  // migration would leave knex's lock held (`portal-admin migrate unlock`). The start is bounded (the
  // database's connect timeout, the migrations). Each signal is handled once: a second one ends the
  // process at once, as Node does by default.
  let running: { close(): Promise<void> } | undefined;
  let stopAsked: NodeJS.Signals | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (!running) {
      stopAsked ??= signal;
      logger.info({ signal }, 'asked to stop while starting; stopping once started');
      return;
    }
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running
      .close()
      .then(() => tracing?.shutdown())
      .then(
        () => {
          logger.info('shut down cleanly');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  logger.info(`${name} starting`);
  // Tracing first (when OTEL_* asks for it), so that the first request is traced.
  startTracing(name === 'portal server' ? 'portal-server' : 'portal-outbox-worker', process.env)
    .then((started) => {
      tracing = started;
      if (tracing) logger.info('tracing on (OpenTelemetry, OTLP)');
      return start(config, logger);
    })
    .then(
      (started) => {
        running = started;
        if (stopAsked) stop(stopAsked);
      },
      (err: unknown) => {
        // Configuration found wrong only while starting (a signing key file too short) is still configuration;
        // an unreachable database, a wrong DATABASE_URL or a schema behind each have their own code.
        const known = knownFailure(err);
        const message = known?.message ?? (err instanceof Error ? err.message : String(err));
        process.stderr.write(
          `${known?.exitCode === EXIT.config ? '' : `${name} failed to start: `}${message}\n${debugRequested(process.env) ? stackOf(err) : ''}`,
        );
        process.exit(known?.exitCode ?? EXIT.failure);
      },
    );
}
