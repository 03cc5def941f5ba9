/**
 * `@portal/server`: start the Portal API server from your own process. Tests and the benchmark use
 * `@portal/server/testing`; operators run `dist/entry-points/server.js` (docs/running-the-server.md).
 */
export { type Config, ConfigError, loadConfig } from './config/config.js';
export { type RunningServer, startServer } from './entry-points/start-server.js';
