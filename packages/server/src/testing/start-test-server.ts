import type { Logger } from 'pino';
import { seedDemo } from '../admin/seed-demo.js';
import { type Config, loadConfig } from '../config/config.js';
import { type RunningServer, startServer } from '../entry-points/start-server.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.js';

/**
 * The JWT_SECRET of servers under test in another process (tests/support/server-process.ts), whose tokens a
 * test signs itself. Servers started here sign with ES256 keys of their own (`accessTokens`), the default.
 */
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

export interface TestServer extends RunningServer {
  config: Config;
  close(): Promise<void>;
}

export interface StartOptions {
  /** The process logger; silent by default (NODE_ENV=test). */
  logger?: Logger;
  /** Load the demo data (what `pnpm start` loads) before answering. */
  demoData?: boolean;
}

/**
 * The one way tests start a real server: the server as production starts it, on port 0 of 127.0.0.1 over a
 * fresh database of `kind` (an in-memory PGlite, or a new PostgreSQL database when TEST_DATABASE_URL names a
 * server), with `env` over the test defaults. `close` stops it and drops the database.
 */
export async function startTestServer(
  kind: DatabaseKind = 'pglite',
  env: Record<string, string> = {},
  { logger, demoData = false }: StartOptions = {},
): Promise<TestServer> {
  const database: TestDatabase = await createTestDatabase(kind);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    ...database.env,
    ...env,
  });
  try {
    const running = await startServer(config, logger);
    try {
      if (demoData) await seedDemo(running.database.knex, { ifAbsent: false });
    } catch (err) {
      await running.close();
      throw err;
    }
    return {
      ...running,
      config,
      close: async () => {
        await running.close();
        await database.drop();
      },
    };
  } catch (err) {
    await database.drop();
    throw err;
  }
}
