import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting of the server, read once from the environment at start and validated here: the one place
 * where a default or a rule about configuration lives.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(18080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** postgres:// URL of a PostgreSQL server; without it the embedded PGlite database is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Where local state (embedded database, development key, mail files) is kept. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Directory of the embedded database, or `memory://` for a throwaway one. Defaults to DATA_DIR/pglite. */
  PGLITE_DIR: z.string().min(1).optional(),
  /** Connections per process. Two cores saturate long before 10 busy connections; see README. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** Validate every response against the contract. Defaults to on outside production. */
  VALIDATE_RESPONSES: z.enum(['true', 'false']).optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1048576).default(16384),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10000),
  /** HS256 key for access tokens, at least 32 bytes. Required in production; generated in development. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 bytes (e.g. openssl rand -base64 48)').optional(),
  JWT_ISSUER: z.string().min(1).default('portal'),
  JWT_AUDIENCE: z.string().min(1).default('portal-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
  /** Express `trust proxy` setting: a hop count, `true`, or a list of addresses (behind a reverse proxy). */
  TRUST_PROXY: z.string().optional(),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string | undefined;
  port: number;
  logLevel: string;
  dataDir: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };
  dbPoolMax: number;
  dbStatementTimeoutMs: number;
  validateResponses: boolean;
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  trustProxy: boolean | number | string | undefined;
  jwt: { secret: string | undefined; issuer: string; audience: string; accessTtlSeconds: number };
}

/** Thrown when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from `env` (normally `process.env`). */
export function loadConfig(env: Env): Config {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError(['JWT_SECRET: required in production (at least 32 bytes)']);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const pgliteDir = e.PGLITE_DIR ?? path.join(dataDir, 'pglite');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dir: pgliteDir === 'memory://' ? pgliteDir : path.resolve(pgliteDir) },
    dbPoolMax: e.DB_POOL_MAX,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    validateResponses: e.VALIDATE_RESPONSES ? e.VALIDATE_RESPONSES === 'true' : e.NODE_ENV !== 'production',
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    jwt: {
      secret: e.JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    },
  };
}

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

// An empty variable (`PORT=`) means "not set", as in most twelve-factor tools.
function stripEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}
