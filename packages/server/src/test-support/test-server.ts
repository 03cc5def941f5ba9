import type { Logger } from 'pino';
import { type Config, loadConfig } from '../config/config.js';
import { type RunningServer, startServer } from '../server.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.js';

/** The JWT_SECRET of servers under test, to sign tokens for a server in another process. */
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

export interface TestServer extends RunningServer {
  config: Config;
  close(): Promise<void>;
}

/** Starts the real server on port 0 over a fresh database of `kind`; `close` also drops the database. */
export async function startTestServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  logger?: Logger,
): Promise<TestServer> {
  const database: TestDatabase = await createTestDatabase(kind);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_JWT_SECRET,
    ...database.env,
    ...env,
  });
  try {
    const running = await startServer(config, logger);
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
