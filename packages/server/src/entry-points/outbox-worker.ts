import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { mailCipher, startMailDelivery } from './compose.js';
import { runProcess } from './run-process.js';

// `node dist/entry-points/outbox-worker.js`: the outbox worker in a process of its own, for servers started
// with OUTBOX_WORKER=false. It reads the same configuration (DATABASE_URL, MAIL_KEYS, SMTP_URL, OUTBOX_*) as
// the server, and needs no signing key: it cannot mint access tokens.
runProcess('outbox worker', async (config, logger) => {
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.knex);
    const delivery = startMailDelivery(config, database.knex, mailCipher(config), logger);
    return {
      close: async () => {
        await delivery.stop();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
});
