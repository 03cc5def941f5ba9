import { ConfigError } from './config-error.js';
import { parseCorsOrigins } from './cors-origins.js';
import type { ParsedEnv, ProcessRole } from './env-schema.js';
import { weakSecretReason } from './weak-secret.js';

/** Throws ConfigError for settings that must not go together, or must not reach production. */
export function refuseUnsafeSettings(e: ParsedEnv, role: ProcessRole): void {
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
    const problems = [
      ...insecureTransport(role === 'server' ? e.PORTAL_URL : undefined, e.SMTP_URL),
      ...(role === 'server' ? plaintextCorsOrigins(e.CORS_ORIGINS) : []),
    ];
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
}

// A page the API trusts with credentials acts with the sign-in cookie: served over http, anyone on its way
// could change it and act as the user.
function plaintextCorsOrigins(value: string | undefined): string[] {
  const plain = value ? parseCorsOrigins(value).filter((origin) => origin.startsWith('http://')) : [];
  return plain.length === 0
    ? []
    : [
        `CORS_ORIGINS: ${plain.join(', ')} ${plain.length === 1 ? 'is' : 'are'} http://; in production the pages trusted with the sign-in must be https://, or ALLOW_INSECURE_TRANSPORT=true`,
      ];
}

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

export const LOOPBACK = '127.0.0.1';

function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(h);
}
