import { loadSigningKey } from './auth/signing-key.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { startOutboxWorker } from './mail/start-outbox-worker.js';
import { runProcess } from './run-process.js';

// The outbox worker in a process of its own, for servers started with OUTBOX_WORKER=false. It reads the
// same configuration (DATABASE_URL, JWT_SECRET for the mail key, SMTP_URL, OUTBOX_*) as the server.
runProcess('outbox worker', async (config, logger) => {
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.knex);
    const worker = startOutboxWorker(config, database.knex, { key: loadSigningKey(config) }, logger);
    return {
      close: async () => {
        await worker.stop();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
});
