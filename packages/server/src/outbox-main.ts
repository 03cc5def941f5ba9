import { loadSigningKey } from './auth/signing-key.js';
import { ConfigError, loadConfig } from './config/config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createLogger } from './http/logger.js';
import { startOutboxWorker } from './mail/start-outbox-worker.js';

// The outbox worker in a process of its own, for servers started with OUTBOX_WORKER=false. It reads the
// same configuration (DATABASE_URL, JWT_SECRET for the mail key, SMTP_URL, OUTBOX_*) as the server.
const EXIT_BAD_CONFIG = 78; // EX_CONFIG, as in main.ts

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
  const database = await openDatabase(config);
  await migrateToLatest(database.knex);
  const worker = startOutboxWorker(config, database.knex, { key: loadSigningKey(config) }, logger);

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping the outbox worker');
    worker
      .stop()
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'outbox worker did not stop cleanly');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `outbox worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
