import { z } from 'zod';
import type { RateLimit } from './config-type.js';
import { corsOriginsProblem } from './cors-origins.js';

/**
 * Every setting of the server, read once from the environment at start and validated here: the one place
 * where a default or a rule about configuration lives.
 */
export const envSchema = z.object({
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
  /** Connections per process: 10 for two cores (docs/benchmarks.md). */
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

/** The environment as the schema reads it, before it becomes a Config. */
export type ParsedEnv = z.infer<typeof envSchema>;

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
