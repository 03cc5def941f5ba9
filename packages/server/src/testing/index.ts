/**
 * `@portal/server/testing`: the test harness other packages' tests start the server with (a test server, a
 * backend with the demo data, a fresh database). Workspace only: the production artifact does not carry it;
 * the server's modules the benchmark needs are in `@portal/server/internals`.
 */
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
