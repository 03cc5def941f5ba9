import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { loadConfig } from '../../config/config.js';
import { type Database, openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { composeApp, composeServices } from '../../entry-points/compose.js';
import type { OperationHandlers } from '../../http/operation-handler.js';
import type { AccessTokenSettings } from '../../tokens/access-token.js';

export interface TestApp {
  url: string;
  server: Server;
  database: Database;
  accessTokens: AccessTokenSettings;
  close(): Promise<void>;
}

/**
 * The app over an in-memory PGlite with some handlers replaced: for tests of the HTTP machinery
 * (errors, routing, shutdown) that need a handler to fail or to be slow on purpose.
 */
export async function startTestApp(overrides: Partial<OperationHandlers> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', PGLITE_DIR: 'memory://' });
  const database = await openDatabase({ ...config, dbPoolMax: 1 });
  await migrateToLatest(database.knex);
  const services = composeServices(config, database.knex);
  const app = composeApp(config, database.knex, pino({ level: 'silent' }), { services, overrides });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    database,
    accessTokens: services.accessTokens,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await database.close();
    },
  };
}
