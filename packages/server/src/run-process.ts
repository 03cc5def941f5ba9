import type { Logger } from 'pino';
import { type Config, ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './http/logger.js';

// EX_CONFIG from sysexits.h: process managers and operators can tell bad configuration from a crash.
const EXIT_BAD_CONFIG = 78;

/**
 * Runs a long-lived process (the server, the outbox worker): reads the configuration (exit 78 when it is
 * invalid), starts, and on SIGTERM or SIGINT closes what it started and exits 0 (1 if closing failed).
 */
export function runProcess(
  name: string,
  start: (config: Config, logger: Logger) => Promise<{ close(): Promise<void> }>,
): void {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const logger = createLogger(config.logLevel);
  start(config, logger).then(
    (running) => {
      const stop = (signal: NodeJS.Signals) => {
        logger.info({ signal }, 'shutting down');
        running.close().then(
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
    },
    (err: unknown) => {
      process.stderr.write(`${name} failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
