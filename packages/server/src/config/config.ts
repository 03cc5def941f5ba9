// The server's configuration: the environment's schema (env-schema.ts), the Config it becomes
// (config-type.ts), the refusals of unsafe settings (config-checks.ts) and loadConfig (load-config.ts).
export { ConfigError } from './config-error.js';
export type { Config, RateLimit } from './config-type.js';
export type { Env, ProcessRole } from './env-schema.js';
export { loadConfig } from './load-config.js';
