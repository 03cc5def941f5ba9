import path from 'node:path';
import { z } from 'zod';
import { corsOriginsProblem, parseCorsOrigins } from './cors-origins.js';
import { weakSecretReason } from './weak-secret.js';

/**
 * Every setting of the server, read once from the environment at start and validated here: the one place
 * where a default or a rule about configuration lives.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(18080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /**
   * Port of the Prometheus metrics listener (GET /metrics), apart from the API's; unset: no metrics served.
   * METRICS_HOST is its address, loopback unless set: some series are for operators only (docs/operating.md).
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).optional(),
  /**
   * Apply pending migrations when a process starts. Defaults to on, except in production on PostgreSQL, where
   * the migrations are a step of the deployment (`portal-admin migrate`) and a server finding the schema
   * behind refuses to start.
   */
  MIGRATE_ON_START: z.enum(['true', 'false']).optional(),
  /** postgres:// URL of a PostgreSQL server; without it the embedded PGlite database is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Where local state (embedded database, development key, mail files) is kept. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Directory of the embedded database, or `memory://` for a throwaway one. Defaults to DATA_DIR/pglite. */
  PGLITE_DIR: z.string().min(1).optional(),
  /** Connections per process: 10 for two cores, where 5 to 20 measure alike and 2 serves less (docs/benchmarks.md). */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /**
   * Serve the interactive API reference at /docs (and its script). Defaults to on outside production: a
   * private API does not show its reference to the public (docs/security.md).
   */
  API_DOCS: z.enum(['true', 'false']).optional(),
  /** Validate every response against the contract. Defaults to on outside production. */
  VALIDATE_RESPONSES: z.enum(['true', 'false']).optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1048576).default(16384),
  /** The largest picture a user may upload as their avatar (the JSON bodies keep BODY_LIMIT_BYTES). */
  AVATAR_MAX_BYTES: z.coerce.number().int().min(1024).max(52_428_800).default(5_242_880),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10000),
  /**
   * On SIGTERM, how long to keep serving while /readyz already answers 503, so that the load balancer takes
   * the instance out before it stops accepting connections (Kubernetes: the pre-stop wait). 0 in development.
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(0),
  /**
   * `pgbouncer` when DATABASE_URL points at PgBouncer in transaction pooling: the statement timeout is then
   * not sent as a connection parameter (PgBouncer refuses it) and must be set on the database or role
   * (docs/scaling.md).
   */
  DB_POOLER: z.enum(['none', 'pgbouncer']).default('none'),
  /**
   * The folder of the ES256 signing key set (manifest.json and one PEM file per key; docs/keys.md). In
   * development, DATA_DIR/keys is created with one key when neither this nor JWT_SECRET is set.
   */
  SIGNING_KEYS_DIR: z.string().min(1).optional(),
  /** How often servers re-read the key folder's manifest; a rotation step waits at least this long. */
  SIGNING_KEYS_RELOAD_MS: z.coerce.number().int().min(50).max(3_600_000).default(10_000),
  /**
   * HS256 key for access tokens, at least 32 bytes: the simplest setup, for one service that verifies its own
   * tokens. With SIGNING_KEYS_DIR as well, it only verifies tokens signed before the switch to ES256.
   */
  JWT_SECRET: z.string().min(32, 'must be at least 32 bytes (e.g. openssl rand -base64 48)').optional(),
  /**
   * The mail sealing key ring: `id:key,id:key` with 32-byte base64url keys; the first one seals, all open.
   * Generated under DATA_DIR in development.
   */
  MAIL_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43})*$/,
      'must be id:key[,id:key...] with 32-byte base64url keys (e.g. m1:$(openssl rand 32 | basenc --base64url | tr -d =))',
    )
    .optional(),
  JWT_ISSUER: z.string().min(1).default('portal'),
  JWT_AUDIENCE: z.string().min(1).default('portal-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
  /**
   * Express `trust proxy` behind a reverse proxy: the number of proxies in front of the server, or a
   * comma-separated list of their addresses or CIDRs (`loopback`, `10.0.0.0/8`). Never `true`: trusting every
   * hop lets any client choose its address (and rate-limit key) by sending `X-Forwarded-For`.
   */
  TRUST_PROXY: z
    .string()
    .refine((v) => !/^(true|yes|on|\*)$/i.test(v.trim()), {
      message:
        'trusting every proxy lets any client choose its address with X-Forwarded-For; give the number of proxies in front of the server (e.g. 1) or their addresses/CIDRs',
    })
    .refine((v) => trustProxyCatchAll(v) === undefined, {
      error: (issue) =>
        `${trustProxyCatchAll(issue.input as string)} lets any client choose its address with X-Forwarded-For; give the number of proxies really in front of the server (e.g. 1) or their own addresses/CIDRs`,
    })
    .optional(),
  /** Production only: accept an http:// PORTAL_URL and an SMTP_URL without TLS to another host. */
  ALLOW_INSECURE_TRANSPORT: z.enum(['true', 'false']).default('false'),
  /** Production only: accept a DATABASE_URL with sslmode=disable to another host (a private network). */
  ALLOW_PLAINTEXT_DATABASE: z.enum(['true', 'false']).default('false'),
  /**
   * The portal frontend; magic links point at `${PORTAL_URL}/auth/magic#token=...`, and its origin is the
   * one CORS lets read the API's answers unless CORS_ORIGINS lists others.
   */
  PORTAL_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:5173'),
  /**
   * The origins browsers may call the API from, with credentials (the refresh cookie): comma-separated
   * `https://host[:port]`. Defaults to the origin of PORTAL_URL. Never `*` or `null` (cors-origins.ts).
   */
  CORS_ORIGINS: z
    .string()
    .refine((v) => corsOriginsProblem(v) === undefined, {
      error: (issue) => corsOriginsProblem(issue.input as string),
    })
    .optional(),
  MAGIC_LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).max(31536000).default(2592000),
  /** A sign-in's absolute lifetime, counted from the magic link; rotation never extends it. */
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(300).max(31536000).default(2592000),
  /** A sign-in ends after this long without a refresh. Defaults to REFRESH_TOKEN_TTL_SECONDS. */
  SESSION_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(60).max(31536000).optional(),
  /** Live sign-ins per person; signing in beyond it ends the least recently used one. */
  SESSION_MAX_PER_USER: z.coerce.number().int().min(1).max(1000).default(20),
  /**
   * How long a just-rotated refresh token may be presented again and get the same successor back instead of
   * revoking the sign-in (two tabs, a retry after a lost answer); 0 turns it off.
   */
  REFRESH_TOKEN_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  /**
   * Wrong one-time codes allowed per sign-in mail; then its link and code are void. With the other limits
   * it bounds guessing (docs/security.md): keep it small.
   */
  SIGN_IN_CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  /** smtp:// or smtps:// URL of the mail server. Without it, mail is written as .eml files (development). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('no-reply@localhost'),
  /** Where mail goes without SMTP_URL. Defaults to DATA_DIR/mail. */
  MAIL_OUTBOX_DIR: z.string().min(1).optional(),
  /** Run the outbox worker inside the server; `false` when it runs as its own process (outbox-main). */
  OUTBOX_WORKER: z.enum(['true', 'false']).default('true'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5000),
  OUTBOX_RETRY_MAX_MS: z.coerce.number().int().min(10).default(600000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  /** Rate limits as `points/seconds`: that many requests per key within that many seconds. */
  RATE_LIMIT_MAGIC_LINK_EMAIL: rateLimit('5/900'),
  RATE_LIMIT_MAGIC_LINK_IP: rateLimit('30/900'),
  RATE_LIMIT_VALIDATE_IP: rateLimit('30/300'),
  RATE_LIMIT_VERIFY_CODE_EMAIL: rateLimit('10/900'),
  RATE_LIMIT_VERIFY_CODE_IP: rateLimit('30/300'),
  RATE_LIMIT_REFRESH_IP: rateLimit('300/300'),
  RATE_LIMIT_AVATAR_USER: rateLimit('20/3600'),
});

function rateLimit(fallback: string) {
  return z
    .string()
    .regex(/^[1-9]\d{0,5}\/[1-9]\d{0,6}$/, 'must be points/seconds, e.g. 5/900')
    .default(fallback)
    .transform((v): RateLimit => {
      const [points, seconds] = v.split('/').map(Number) as [number, number];
      return { points, durationSeconds: seconds };
    });
}

export type Env = Record<string, string | undefined>;

/**
 * Which process reads the configuration: the server; the outbox worker, which delivers mail and must not
 * hold a key that can mint tokens; or a database tool (`portal-admin`), which needs the database only.
 * Each reads only its variables, so a setting it does not use can neither be required nor leak into it.
 */
export type ProcessRole = 'server' | 'outbox-worker' | 'database-tool';

const NOT_READ_BY: Record<ProcessRole, (name: string) => boolean> = {
  server: () => false,
  'outbox-worker': (name) => name === 'SIGNING_KEYS_DIR' || name === 'JWT_SECRET',
  'database-tool': (name) =>
    !/^(NODE_ENV|LOG_LEVEL|DATABASE_URL|DATA_DIR|PGLITE_DIR|DB_.+|MIGRATE_ON_START|ALLOW_PLAINTEXT_DATABASE)$/.test(
      name,
    ),
};

/** At most `points` requests per key within `durationSeconds`. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string | undefined;
  port: number;
  logLevel: string;
  dataDir: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };
  dbPoolMax: number;
  /** Apply pending migrations at start (otherwise refuse to start on a schema that is behind). */
  migrateOnStart: boolean;
  /** The Prometheus listener, when there is one. */
  metrics: { port: number; host: string } | undefined;
  dbStatementTimeoutMs: number;
  validateResponses: boolean;
  /** Whether /docs serves the interactive API reference (API_DOCS). */
  apiDocs: boolean;
  bodyLimitBytes: number;
  avatarMaxBytes: number;
  shutdownTimeoutMs: number;
  /** How long to keep serving, reported not ready, after SIGTERM (SHUTDOWN_DRAIN_SECONDS). */
  shutdownDrainMs: number;
  /** Whether the database is reached through a transaction-pooling PgBouncer. */
  dbPooler: 'none' | 'pgbouncer';
  /** Express `trust proxy`: how many proxies, or which addresses, to believe `X-Forwarded-For` from. */
  trustProxy: number | string[] | undefined;
  /** The origins browsers may call the API from, with credentials (CORS_ORIGINS, or PORTAL_URL's). */
  corsOrigins: string[];
  jwt: {
    /** Where the signing keys come from (docs/keys.md). */
    keys: SigningKeySource;
    /** JWT_SECRET: signs HS256 when it is the only source, else only verifies older tokens. */
    secret: string | undefined;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
  };
  /** The mail sealing key ring (MAIL_KEYS), or where the development one is kept. */
  mailKeys: MailKeySource;
  signIn: {
    portalUrl: string;
    magicLinkTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    sessionMaxAgeSeconds: number;
    sessionIdleTimeoutSeconds: number;
    /** Live sign-ins per person (SESSION_MAX_PER_USER); beyond it the least recently used one ends. */
    sessionMaxPerUser: number;
    refreshGraceSeconds: number;
    /** Wrong one-time codes allowed per sign-in mail. */
    codeMaxAttempts: number;
  };
  mail: { smtpUrl: string | undefined; from: string; outboxDir: string };
  outbox: {
    inProcess: boolean;
    pollIntervalMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
    maxAttempts: number;
  };
  rateLimits: {
    magicLinkPerEmail: RateLimit;
    magicLinkPerIp: RateLimit;
    validatePerIp: RateLimit;
    verifyCodePerEmail: RateLimit;
    verifyCodePerIp: RateLimit;
    refreshPerIp: RateLimit;
    /** Avatar uploads and removals of one user. */
    avatarPerUser: RateLimit;
  };
  /** What the operator should know at start: settings that are legal but risky. */
  warnings: string[];
}

/**
 * A folder of ES256 keys (SIGNING_KEYS_DIR, or DATA_DIR/keys in development, created when missing), the HS256
 * JWT_SECRET alone, or a key pair made at start and forgotten at exit (tests, an in-memory database).
 */
type SigningKeySource =
  | { kind: 'folder'; dir: string; create: boolean; reloadMs: number }
  | { kind: 'secret' }
  | { kind: 'ephemeral' };

/**
 * MAIL_KEYS as given, one key derived from JWT_SECRET (how mail was sealed before MAIL_KEYS), a development
 * file of keys, or a key made at start (tests, an in-memory database).
 */
type MailKeySource =
  | { kind: 'configured'; keys: { id: string; key: string }[] }
  | { kind: 'derived-from-jwt-secret' }
  | { kind: 'file'; file: string }
  | { kind: 'ephemeral' };

/** Thrown when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

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
  if (e.NODE_ENV === 'production' && role === 'server' && !e.JWT_SECRET && !e.SIGNING_KEYS_DIR) {
    throw new ConfigError([
      'SIGNING_KEYS_DIR: required in production (an ES256 key set, see docs/keys.md), or JWT_SECRET for HS256',
    ]);
  }
  // The outbox worker must not need a key that can mint tokens; JWT_SECRET alone still seals (older setups).
  if (e.NODE_ENV === 'production' && role !== 'database-tool' && !e.MAIL_KEYS && !e.JWT_SECRET) {
    throw new ConfigError(['MAIL_KEYS: required in production (the key ring that seals queued mail)']);
  }
  // Without SMTP the development mail sink writes sign-in links to files and the log: never in production.
  if (e.NODE_ENV === 'production' && role !== 'database-tool' && !e.SMTP_URL) {
    throw new ConfigError(['SMTP_URL: required in production (magic links are sent by mail)']);
  }
  if (e.NODE_ENV === 'production' && e.ALLOW_INSECURE_TRANSPORT !== 'true') {
    // Only the server writes sign-in links; the worker sends what is queued.
    const problems = insecureTransport(role === 'server' ? e.PORTAL_URL : undefined, e.SMTP_URL);
    if (problems.length > 0) throw new ConfigError(problems);
  }
  // What would quietly undo the rules above: a guessable key, a database reached in clear text.
  if (e.NODE_ENV === 'production') {
    const problems = [...weakSecrets(e.JWT_SECRET, e.MAIL_KEYS), ...plaintextDatabase(e)];
    if (problems.length > 0) throw new ConfigError(problems);
  }
  // A session advisory lock through a transaction pooler is held by whichever client gets that server
  // connection next: migrations go directly to PostgreSQL, as a step (portal-admin migrate).
  if (e.DB_POOLER === 'pgbouncer' && e.MIGRATE_ON_START === 'true') {
    throw new ConfigError([
      'MIGRATE_ON_START: cannot be true with DB_POOLER=pgbouncer; run `portal-admin migrate` with a DATABASE_URL of PostgreSQL itself',
    ]);
  }
  // The metrics once followed HOST onto every interface: in production an operator who relied on that chooses
  // again, rather than having the listener move to loopback (or stay public) without a word.
  if (
    e.NODE_ENV === 'production' &&
    e.METRICS_PORT !== undefined &&
    e.METRICS_HOST === undefined &&
    e.HOST !== undefined &&
    !isLoopback(e.HOST)
  ) {
    throw new ConfigError([
      `METRICS_HOST: required in production when HOST (${e.HOST}) is not loopback: the metrics listen on 127.0.0.1 unless METRICS_HOST names the operators' network (some series are sensitive, docs/operating.md)`,
    ]);
  }
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    throw new ConfigError([
      'METRICS_PORT: must differ from PORT (the metrics are never served on the public port)',
    ]);
  }
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

// The sign-in link and the mail that carries it must not cross a network in clear text. A mail server on
// this host (a local relay) or an smtp:// URL that demands STARTTLS (`?requireTLS=true`, nodemailer) is fine.
function insecureTransport(portalUrl: string | undefined, smtpUrl: string | undefined): string[] {
  const problems: string[] = [];
  if (portalUrl !== undefined && new URL(portalUrl).protocol !== 'https:') {
    problems.push(
      'PORTAL_URL: must be https:// in production (sign-in links point there); ALLOW_INSECURE_TRANSPORT=true to override',
    );
  }
  if (smtpUrl?.startsWith('smtp://')) {
    const url = new URL(smtpUrl);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (!local && url.searchParams.get('requireTLS') !== 'true') {
      problems.push(
        'SMTP_URL: smtp:// to another host sends sign-in links in clear text; use smtps://, add ?requireTLS=true (STARTTLS), or ALLOW_INSECURE_TRANSPORT=true',
      );
    }
  }
  const weakened = smtpUrl === undefined ? undefined : weakenedSmtpTls(new URL(smtpUrl));
  if (weakened) {
    problems.push(
      `SMTP_URL: ${weakened} lets whoever sits between here and the mail server read sign-in links; remove it, or ALLOW_INSECURE_TRANSPORT=true`,
    );
  }
  return problems;
}

// nodemailer reads these URL parameters as transport options (its shared parseConnectionUrl); each one turns
// TLS off, or keeps it without checking whom it talks to. A relay on this host is out of reach either way.
function weakenedSmtpTls(url: URL): string | undefined {
  if (isLoopback(url.hostname)) return undefined;
  const off = (name: string) => ['false', '0'].includes(url.searchParams.get(name) ?? '');
  const on = (name: string) => ['true', '1'].includes(url.searchParams.get(name) ?? '');
  if (url.protocol === 'smtps:' && off('secure')) return 'secure=false on smtps://';
  if (off('tls.rejectUnauthorized')) return 'tls.rejectUnauthorized=false';
  if (on('ignoreTLS')) return 'ignoreTLS=true';
  return undefined;
}

// Production keys must not be guessable: a placeholder copied from an example, or one character repeated,
// passes the length rule and protects nothing.
function weakSecrets(jwtSecret: string | undefined, mailKeys: string | undefined): string[] {
  const problems: string[] = [];
  const jwtWeakness = jwtSecret === undefined ? undefined : weakSecretReason(jwtSecret);
  if (jwtWeakness) problems.push(`JWT_SECRET: ${jwtWeakness}; generate one (openssl rand -base64 48)`);
  for (const pair of mailKeys?.split(',') ?? []) {
    const [id, key] = pair.split(':') as [string, string];
    const weakness = weakSecretReason(key);
    if (weakness) problems.push(`MAIL_KEYS: key "${id}" ${weakness}; generate one (docs/keys.md)`);
  }
  return problems;
}

// libpq's sslmode=disable (or pg's ssl=false) sends passwords and every row in clear text: fine on this host
// or a Unix socket, refused to another host unless the operator says the network is private.
function plaintextDatabase(e: {
  DATABASE_URL?: string | undefined;
  ALLOW_PLAINTEXT_DATABASE: string;
}): string[] {
  if (!e.DATABASE_URL || e.ALLOW_PLAINTEXT_DATABASE === 'true') return [];
  let url: URL;
  try {
    url = new URL(e.DATABASE_URL);
  } catch {
    return []; // forms only pg's own parser reads (a socket path as host): no network host to protect
  }
  const params = url.searchParams;
  const plaintext = params.get('sslmode') === 'disable' || ['false', '0'].includes(params.get('ssl') ?? '');
  const socket = url.hostname === '' || params.get('host')?.startsWith('/');
  if (!plaintext || socket || isLoopback(url.hostname)) return [];
  return [
    'DATABASE_URL: sslmode=disable to another host sends passwords and data in clear text; use sslmode=verify-full, or ALLOW_PLAINTEXT_DATABASE=true on a private network',
  ];
}

// Hops beyond any real chain of proxies: a count this large trusts whatever address the client wrote first.
const MAX_PROXY_HOPS = 10;

// A TRUST_PROXY entry that covers (nearly) every address, as `true` does; undefined when there is none.
// Prefixes shorter than /8 hold no private network, only the internet.
function trustProxyCatchAll(value: string): string | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) > MAX_PROXY_HOPS ? `a count of ${trimmed} proxies` : undefined;
  }
  for (const entry of trimmed.split(',').map((part) => part.trim())) {
    const [address = '', prefix] = entry.split('/');
    if (prefix === undefined) continue;
    const bits = prefix.includes('.')
      ? prefix
          .split('.')
          .reduce((sum, octet) => sum + (Number(octet) >>> 0).toString(2).replace(/0/g, '').length, 0)
      : Number(prefix);
    // fc00::/7 is IPv6's private range; ::ffff:0:0/96 holds every IPv4 address.
    const least = /^::ffff:/i.test(address) ? 96 + 8 : address.includes(':') ? 7 : 8;
    if (bits < least) return entry;
  }
  return undefined;
}

const LOOPBACK = '127.0.0.1';

function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(h);
}

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value.trim() === 'false') return undefined;
  return /^\d+$/.test(value.trim()) ? Number(value) : value.split(',').map((address) => address.trim());
}

// An empty variable (`PORT=`) means "not set", as in most twelve-factor tools.
function stripEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}
