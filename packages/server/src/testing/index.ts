/**
 * `@portal/server/testing`: what the other packages' tests and the benchmark need of the server, and no
 * more. Not part of the server's public entry.
 */
export { seedDemo } from '../admin/seed-demo.js';
export { loadConfig } from '../config/config.js';
export { openDatabase } from '../db/database.js';
export { migrateToLatest } from '../db/migrate.js';
export { accessTokenSettings, composeServices } from '../entry-points/compose.js';
export { ProblemError } from '../errors/problem-error.js';
export { dashboardFiguresQuery } from '../features/profile/profile-repository.js';
export { type Principal, signAccessToken, verifyAccessToken } from '../tokens/access-token.js';
export { isStillActive, PRINCIPAL_IS_LIVE, requesterBindings } from '../tokens/live-principal.js';
export { type ServerBackend, startServerBackend } from './server-backend.js';
export { type StartOptions, startTestServer, TEST_JWT_SECRET, type TestServer } from './start-test-server.js';
export {
  createTestDatabase,
  createWatchedDatabase,
  type DatabaseKind,
  databaseKinds,
  realDatabaseKind,
  type TestDatabase,
  type WatchedDatabase,
} from './test-database.js';
