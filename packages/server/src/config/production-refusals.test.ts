import { describe, expect, it } from 'vitest';
import { ConfigError, type Env, loadConfig, type ProcessRole } from './config.js';

const SECRET = 'q7Jx2mVb9LkP4wZr8TnY3cHs6FdG1aQe';
const MAIL_KEYS = 'm1:Zp3rT8vXq1LmN6bW0cYh5sKd2fGj9aUe4iOo7RtEyQw';
const production = {
  NODE_ENV: 'production',
  JWT_SECRET: SECRET,
  MAIL_KEYS,
  SMTP_URL: 'smtps://mail.example',
  PORTAL_URL: 'https://portal.example',
};

function problemsOf(env: Env, role?: ProcessRole): string[] {
  try {
    loadConfig(env, role);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('production refuses settings that undo its rules', () => {
  it('accepts a production configuration with random keys', () => {
    expect(problemsOf(production)).toEqual([]);
  });

  it.each([
    ['the compose.yaml placeholder', 'change-me-change-me-change-me-change-me-0000'],
    ['one character repeated', 'x'.repeat(48)],
    ['a short pattern repeated', 'ab'.repeat(24)],
    ['a placeholder of another kind', 'please-replace-me-with-a-real-secret-value-42'],
  ])('refuses %s as JWT_SECRET, naming it', (_, secret) => {
    expect(problemsOf({ ...production, JWT_SECRET: secret })).toEqual([
      expect.stringMatching(/^JWT_SECRET: (is a placeholder|has too little variety)/),
    ]);
    // Outside production the development defaults stand.
    expect(problemsOf({ JWT_SECRET: secret })).toEqual([]);
  });

  it('refuses a mail key of one repeated character, naming MAIL_KEYS and the key', () => {
    expect(problemsOf({ ...production, MAIL_KEYS: `${MAIL_KEYS},m0:${'A'.repeat(43)}` })).toEqual([
      expect.stringMatching(/^MAIL_KEYS: key "m0" has too little variety/),
    ]);
  });

  it.each([
    '0.0.0.0/0',
    '::/0',
    '10.0.0.0/8, 0.0.0.0/0',
    '0.0.0.0/0.0.0.0',
    '::ffff:0.0.0.0/96',
    '1.0.0.0/1',
    '100',
    '4294967296',
  ])('refuses TRUST_PROXY=%s, which trusts any client to say where it is', (value) => {
    expect(problemsOf({ ...production, TRUST_PROXY: value })).toEqual([
      expect.stringMatching(/^TRUST_PROXY: .* lets any client choose its address/),
    ]);
  });

  it.each(['1', '3', '10.0.0.0/8', 'loopback, 172.16.0.0/12', 'fc00::/7', '10.1.2.3'])(
    'accepts TRUST_PROXY=%s',
    (value) => {
      expect(problemsOf({ ...production, TRUST_PROXY: value })).toEqual([]);
    },
  );

  it.each([
    ['smtps://mail.example?secure=false', /secure=false on smtps/],
    ['smtps://mail.example?tls.rejectUnauthorized=false', /tls\.rejectUnauthorized=false/],
    ['smtp://mail.example:587?requireTLS=true&tls.rejectUnauthorized=false', /tls\.rejectUnauthorized=false/],
    ['smtp://mail.example:587?requireTLS=true&ignoreTLS=true', /ignoreTLS=true/],
  ])('refuses SMTP_URL=%s, which weakens TLS', (smtpUrl, named) => {
    const problems = problemsOf({ ...production, SMTP_URL: smtpUrl });
    expect(problems).toEqual([expect.stringMatching(/^SMTP_URL: /)]);
    expect(problems[0]).toMatch(named);
    expect(problemsOf({ ...production, SMTP_URL: smtpUrl, ALLOW_INSECURE_TRANSPORT: 'true' })).toEqual([]);
  });

  it('accepts a relay on this host without certificate checks', () => {
    expect(
      problemsOf({ ...production, SMTP_URL: 'smtps://127.0.0.1:465?tls.rejectUnauthorized=false' }),
    ).toEqual([]);
  });

  it('refuses sslmode=disable to another host unless ALLOW_PLAINTEXT_DATABASE=true', () => {
    const remote = 'postgres://portal:pw@db.example:5432/portal?sslmode=disable';
    expect(problemsOf({ ...production, DATABASE_URL: remote })).toEqual([
      expect.stringMatching(/^DATABASE_URL: sslmode=disable to another host/),
    ]);
    expect(
      problemsOf({ ...production, DATABASE_URL: remote.replace('sslmode=disable', 'ssl=false') }),
    ).toHaveLength(1);
    expect(problemsOf({ ...production, DATABASE_URL: remote, ALLOW_PLAINTEXT_DATABASE: 'true' })).toEqual([]);
    for (const url of [
      'postgres://portal@127.0.0.1:5432/portal?sslmode=disable',
      'postgres://portal@localhost/portal?sslmode=disable',
      'postgres:///portal?host=/var/run/postgresql&sslmode=disable',
      'postgres://portal:pw@db.example:5432/portal?sslmode=verify-full',
    ]) {
      expect(problemsOf({ ...production, DATABASE_URL: url })).toEqual([]);
    }
    expect(problemsOf({ DATABASE_URL: remote })).toEqual([]);
  });
});

describe('each process reads the settings it uses', () => {
  const worker = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://portal@db.example/portal',
    MAIL_KEYS,
    SMTP_URL: 'smtps://mail.example',
  };

  it('starts the outbox worker with the mail keys only, and never reads a signing key', () => {
    expect(problemsOf(worker, 'outbox-worker')).toEqual([]);
    const config = loadConfig(
      { ...worker, JWT_SECRET: 'x'.repeat(48), SIGNING_KEYS_DIR: '/keys' },
      'outbox-worker',
    );
    expect(config.jwt.secret).toBeUndefined();
    expect(config.jwt.keys).not.toMatchObject({ dir: '/keys' });
    expect(config.mailKeys).toMatchObject({ kind: 'configured' });
    // The server still needs its signing keys, and the worker still needs MAIL_KEYS and SMTP_URL.
    expect(problemsOf(worker)[0]).toMatch(/^SIGNING_KEYS_DIR: required in production/);
    expect(problemsOf({ ...worker, MAIL_KEYS: '', JWT_SECRET: SECRET }, 'outbox-worker')).toEqual([
      expect.stringMatching(/^MAIL_KEYS: required in production/),
    ]);
    expect(problemsOf({ ...worker, SMTP_URL: '' }, 'outbox-worker')).toEqual([
      expect.stringMatching(/^SMTP_URL: required in production/),
    ]);
  });

  it('gives a database tool (portal-admin migrate) the database settings only', () => {
    const config = loadConfig(
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://portal@db.example/portal', PORTAL_URL: 'http://x' },
      'database-tool',
    );
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://portal@db.example/portal' });
    expect(config.migrateOnStart).toBe(false);
    expect(config.mail.smtpUrl).toBeUndefined();
    // The database's own rules still hold.
    expect(
      problemsOf(
        { NODE_ENV: 'production', DATABASE_URL: 'postgres://portal@db.example/portal?sslmode=disable' },
        'database-tool',
      ),
    ).toEqual([expect.stringMatching(/^DATABASE_URL: sslmode=disable/)]);
  });
});
