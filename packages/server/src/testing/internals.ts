/**
 * `@portal/server/internals`: the server's own modules that the benchmark and the local cluster build on
 * (configuration, database, composition, tokens, one query). Like `@portal/server/testing`, it lives in the
 * workspace only: the production artifact carries neither (package.json `files`, prune-artifact.mjs).
 */
export { seedDemo } from '../admin/seed-demo.js';
export { loadConfig } from '../config/config.js';
export { openDatabase } from '../db/database.js';
export { migrateToLatest } from '../db/migrate.js';
export { accessTokenSettings, composeServices } from '../entry-points/compose.js';
export { ProblemError } from '../errors/problem-error.js';
export { dashboardFiguresQuery } from '../features/profile/profile-repository.js';
export { type Principal, signAccessToken, verifyAccessToken } from '../tokens/access-token.js';
export { PRINCIPAL_IS_LIVE, principalBindings } from '../tokens/live-principal.js';
