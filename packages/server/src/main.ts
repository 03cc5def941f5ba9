import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './http/logger.js';
import { startServer } from './server.js';

// EX_CONFIG from sysexits.h: process managers and operators can tell bad configuration from a crash.
const EXIT_BAD_CONFIG = 78;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, logger);

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
}

main().catch((err: unknown) => {
  process.stderr.write(
    `portal server failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
