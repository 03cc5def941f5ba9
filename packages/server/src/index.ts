/**
 * `@portal/server`: start the Portal API server from your own process. Tests use `@portal/server/testing`,
 * the benchmark `@portal/server/internals` (neither ships); operators run `dist/entry-points/server.js`
 * (docs/running-the-server.md).
 */
export { type Config, ConfigError, loadConfig } from './config/config.js';
export { type RunningServer, startServer } from './entry-points/start-server.js';
