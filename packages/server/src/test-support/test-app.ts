import { createSecretKey } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../app.js';
import type { AccessTokenSettings } from '../auth/access-token.js';
import { loadConfig } from '../config/config.js';
import { type Database, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createAuthDeps } from '../features/auth/auth-deps.js';
import { authHandlers } from '../features/auth/handlers.js';
import { portalHandlers } from '../features/portal/handlers.js';
import type { OperationHandlers } from '../http/operation-handler.js';
import { loadSpec } from '../http/spec.js';

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
  const database = await openDatabase({
    database: { kind: 'pglite', dir: 'memory://' },
    dbPoolMax: 1,
    dbStatementTimeoutMs: 5000,
  });
  await migrateToLatest(database.knex);
  const accessTokens: AccessTokenSettings = {
    key: createSecretKey(Buffer.from('test-secret-test-secret-test-secret-0123')),
    issuer: 'portal',
    audience: 'portal-api',
    ttlSeconds: 900,
  };
  const app = createApp({
    config: {
      validateResponses: true,
      bodyLimitBytes: 16384,
      trustProxy: undefined,
      corsOrigin: 'http://localhost:5173',
    },
    db: database.knex,
    logger: pino({ level: 'silent' }),
    spec: loadSpec(),
    accessTokens,
    handlers: {
      ...authHandlers(createAuthDeps(loadConfig({ NODE_ENV: 'test' }), database.knex, accessTokens)),
      ...portalHandlers(database.knex),
      ...overrides,
    },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    database,
    accessTokens,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await database.close();
    },
  };
}
