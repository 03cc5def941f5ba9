export { seedDemo } from './admin/seed-demo.js';
export { createApp } from './app.js';
export { type Config, ConfigError, loadConfig } from './config/config.js';
export { openDatabase } from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export { type RunningServer, startServer } from './server.js';
