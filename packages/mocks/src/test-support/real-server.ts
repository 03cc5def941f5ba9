import { createSecretKey } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, migrateToLatest, openDatabase } from '@portal/server';
import { pino } from 'pino';
import { listOperations } from '../contract/operations.js';
import { loadContract } from './contract-guard.js';

type AppDeps = Parameters<typeof createApp>[0];

export interface RealServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The real server's HTTP stack (`createApp`: body parsing, contract validation, bearer check, error handler)
 * over an in-memory PGlite, with operation handlers that must never be reached: what it answers to a request
 * refused before any handler is what the mocks must answer too.
 */
export async function startRealServer(): Promise<RealServer> {
  const database = await openDatabase({
    database: { kind: 'pglite', dir: 'memory://' },
    dbPoolMax: 1,
    dbStatementTimeoutMs: 5000,
  });
  await migrateToLatest(database.knex);
  const unreachable = async () => {
    throw new Error('a parity case reached a handler: it must be refused before');
  };
  const handlers = Object.fromEntries(listOperations().map((op) => [op.operationId, unreachable]));
  const app = createApp({
    config: {
      validateResponses: true,
      bodyLimitBytes: 16384,
      trustProxy: undefined,
      corsOrigin: 'http://localhost:5173',
    },
    db: database.knex,
    logger: pino({ level: 'silent' }),
    spec: loadContract() as AppDeps['spec'],
    accessTokens: {
      key: createSecretKey(Buffer.alloc(32, 7)),
      issuer: 'portal',
      audience: 'portal-api',
      ttlSeconds: 900,
    },
    handlers: handlers as unknown as AppDeps['handlers'],
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await database.close();
    },
  };
}
