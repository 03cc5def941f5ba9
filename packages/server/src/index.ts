export { seedDemo } from './admin/seed-demo.js';
export { createApp } from './app.js';
export type { Principal } from './auth/access-token.js';
export { isStillActive } from './auth/authenticate.js';
export { loadSigningKey } from './auth/signing-key.js';
export { type Config, ConfigError, loadConfig } from './config/config.js';
export { openDatabase } from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export { createAuthDeps } from './features/auth/auth-deps.js';
// The handlers and the dashboard statement, for the benchmark's bare-Express baseline (bench/).
export { authHandlers } from './features/auth/handlers.js';
export { portalHandlers } from './features/portal/handlers.js';
export { dashboardFiguresQuery } from './features/portal/portal-repository.js';
export { HttpProblem } from './http/problem.js';
export { type RunningServer, startServer } from './server.js';
