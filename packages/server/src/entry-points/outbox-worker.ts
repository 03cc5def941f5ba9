import { openDatabase } from '../db/database.js';
import { prepareSchema } from '../db/migrate.js';
import { createMetrics } from '../metrics/metrics.js';
import type { MetricsServer } from '../metrics/metrics-server.js';
import { traceQueries, tracingEnabled } from '../tracing/tracing.js';
import { exposeMetrics, mailCipher, startMailDelivery } from './compose.js';
import { runProcess } from './run-process.js';

// `node dist/entry-points/outbox-worker.js`: the outbox worker in a process of its own, for servers started
// with OUTBOX_WORKER=false. It reads the server's configuration (DATABASE_URL, MAIL_KEYS, SMTP_URL, OUTBOX_*)
// except the signing keys: SIGNING_KEYS_DIR and JWT_SECRET are never read (it cannot mint access tokens).
// It serves its own metrics on METRICS_PORT.
runProcess('outbox worker', async (config, logger) => {
  const database = await openDatabase(config, logger);
  if (tracingEnabled()) traceQueries(database.knex);
  let metricsServer: MetricsServer | undefined;
  try {
    await prepareSchema(database.knex, config.migrateOnStart);
    const metrics = createMetrics({ processMetrics: config.metrics !== undefined });
    metricsServer = await exposeMetrics(config, metrics, database.knex, logger);
    const delivery = startMailDelivery(config, database.knex, mailCipher(config), logger, metrics);
    return {
      close: async () => {
        await metricsServer?.close();
        await delivery.stop();
        await database.close();
      },
    };
  } catch (err) {
    await metricsServer?.close();
    await database.close();
    throw err;
  }
});
