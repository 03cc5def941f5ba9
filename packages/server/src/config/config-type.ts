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
