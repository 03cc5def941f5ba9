import path from 'node:path';
import { LOOPBACK, refuseUnsafeSettings } from './config-checks.js';
import { ConfigError } from './config-error.js';
import type { Config } from './config-type.js';
import { parseCorsOrigins } from './cors-origins.js';
import { type Env, envSchema, type ProcessRole } from './env-schema.js';

const NOT_READ_BY: Record<ProcessRole, (name: string) => boolean> = {
  server: () => false,
  'outbox-worker': (name) => name === 'SIGNING_KEYS_DIR' || name === 'JWT_SECRET',
  'database-tool': (name) =>
    !/^(NODE_ENV|LOG_LEVEL|DATABASE_URL|DATA_DIR|PGLITE_DIR|DB_.+|MIGRATE_ON_START|ALLOW_PLAINTEXT_DATABASE)$/.test(
      name,
    ),
};

/** Reads and validates the configuration from `env` (normally `process.env`) for the process `role`. */
export function loadConfig(env: Env, role: ProcessRole = 'server'): Config {
  const notRead = NOT_READ_BY[role];
  const parsed = envSchema.safeParse(
    stripEmpty(Object.fromEntries(Object.entries(env).filter(([name]) => !notRead(name)))),
  );
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  refuseUnsafeSettings(e, role);
  const dataDir = path.resolve(e.DATA_DIR);
  const pgliteDir = e.PGLITE_DIR ?? path.join(dataDir, 'pglite');
  // Tests and a throwaway database keep no key on disk: nothing they sign or seal outlives the process.
  const throwaway = e.NODE_ENV === 'test' || pgliteDir === 'memory://';
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
    // The embedded database belongs to one process, which may as well migrate it; a shared PostgreSQL in
    // production is migrated by the deployment's step, once, before the new version starts.
    // Behind a transaction pooler, never: the migrations' advisory lock is a session's (docs/scaling.md).
    migrateOnStart: e.MIGRATE_ON_START
      ? e.MIGRATE_ON_START === 'true'
      : e.DB_POOLER !== 'pgbouncer' && (e.NODE_ENV !== 'production' || !e.DATABASE_URL),
    metrics:
      e.METRICS_PORT === undefined ? undefined : { port: e.METRICS_PORT, host: e.METRICS_HOST ?? LOOPBACK },
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    validateResponses: e.VALIDATE_RESPONSES ? e.VALIDATE_RESPONSES === 'true' : e.NODE_ENV !== 'production',
    apiDocs: e.API_DOCS ? e.API_DOCS === 'true' : e.NODE_ENV !== 'production',
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    avatarMaxBytes: e.AVATAR_MAX_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    shutdownDrainMs: Math.round(e.SHUTDOWN_DRAIN_SECONDS * 1000),
    dbPooler: e.DB_POOLER,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    corsOrigins: e.CORS_ORIGINS ? parseCorsOrigins(e.CORS_ORIGINS) : [new URL(e.PORTAL_URL).origin],
    jwt: {
      keys: e.SIGNING_KEYS_DIR
        ? {
            kind: 'folder',
            dir: path.resolve(e.SIGNING_KEYS_DIR),
            create: e.NODE_ENV !== 'production',
            reloadMs: e.SIGNING_KEYS_RELOAD_MS,
          }
        : e.JWT_SECRET
          ? { kind: 'secret' }
          : throwaway
            ? { kind: 'ephemeral' }
            : {
                kind: 'folder',
                dir: path.join(dataDir, 'keys'),
                create: true,
                reloadMs: e.SIGNING_KEYS_RELOAD_MS,
              },
      secret: e.JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    },
    mailKeys: e.MAIL_KEYS
      ? {
          kind: 'configured',
          keys: e.MAIL_KEYS.split(',').map((pair) => {
            const [id, key] = pair.split(':') as [string, string];
            return { id, key };
          }),
        }
      : e.JWT_SECRET
        ? { kind: 'derived-from-jwt-secret' }
        : throwaway
          ? { kind: 'ephemeral' }
          : { kind: 'file', file: path.join(dataDir, 'mail-keys') },
    signIn: {
      portalUrl: e.PORTAL_URL.replace(/\/+$/, ''),
      magicLinkTtlSeconds: e.MAGIC_LINK_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      sessionMaxAgeSeconds: e.SESSION_MAX_AGE_SECONDS,
      sessionIdleTimeoutSeconds: e.SESSION_IDLE_TIMEOUT_SECONDS ?? e.REFRESH_TOKEN_TTL_SECONDS,
      sessionMaxPerUser: e.SESSION_MAX_PER_USER,
      refreshGraceSeconds: e.REFRESH_TOKEN_GRACE_SECONDS,
      codeMaxAttempts: e.SIGN_IN_CODE_MAX_ATTEMPTS,
    },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      outboxDir: path.resolve(e.MAIL_OUTBOX_DIR ?? path.join(dataDir, 'mail')),
    },
    outbox: {
      inProcess: e.OUTBOX_WORKER === 'true',
      pollIntervalMs: e.OUTBOX_POLL_MS,
      retryBaseMs: e.OUTBOX_RETRY_BASE_MS,
      retryMaxMs: e.OUTBOX_RETRY_MAX_MS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    },
    rateLimits: {
      magicLinkPerEmail: e.RATE_LIMIT_MAGIC_LINK_EMAIL,
      magicLinkPerIp: e.RATE_LIMIT_MAGIC_LINK_IP,
      validatePerIp: e.RATE_LIMIT_VALIDATE_IP,
      verifyCodePerEmail: e.RATE_LIMIT_VERIFY_CODE_EMAIL,
      verifyCodePerIp: e.RATE_LIMIT_VERIFY_CODE_IP,
      refreshPerIp: e.RATE_LIMIT_REFRESH_IP,
      avatarPerUser: e.RATE_LIMIT_AVATAR_USER,
    },
    warnings: [
      ...(env.NODE_ENV === undefined && e.DATABASE_URL ? [DEVELOPMENT_DEFAULTS_WARNING] : []),
      ...(e.NODE_ENV === 'production' && !e.MAIL_KEYS ? [MAIL_KEYS_WARNING] : []),
    ],
  };
}

const DEVELOPMENT_DEFAULTS_WARNING =
  'NODE_ENV is not set while DATABASE_URL names a PostgreSQL server: development defaults are in use (a ' +
  'generated signing key under DATA_DIR, sign-in links written to files and the log without SMTP_URL, ' +
  'responses validated). Set NODE_ENV=production for a real deployment.';

const MAIL_KEYS_WARNING =
  'MAIL_KEYS is not set: queued mail is sealed with a key derived from JWT_SECRET, so the outbox worker holds ' +
  'a key that can mint access tokens. Set MAIL_KEYS (docs/keys.md).';

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value.trim() === 'false') return undefined;
  return /^\d+$/.test(value.trim()) ? Number(value) : value.split(',').map((address) => address.trim());
}

// An empty variable (`PORT=`) means "not set", as in most twelve-factor tools.
function stripEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}
