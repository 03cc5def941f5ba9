import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

// Keys varied enough to pass production's check for guessable secrets (config/weak-secret.ts).
const SECRET = 'q7Jx2mVb9LkP4wZr8TnY3cHs6FdG1aQe';
const MAIL_KEY_A = 'Zp3rT8vXq1LmN6bW0cYh5sKd2fGj9aUe4iOo7RtEyQw';
const MAIL_KEY_B = 'Hn4mB7vC1xZ9lK2jG5fD8sA3pO6iU0yT4rE7wQ1aSdF';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to port 18080, the embedded database under .data, and response validation', () => {
    const config = loadConfig({});
    expect(config.port).toBe(18080);
    expect(config.database).toEqual({ kind: 'pglite', dir: expect.stringMatching(/\.data\/pglite$/) });
    expect(config.validateResponses).toBe(true);
    expect(config.env).toBe('development');
  });

  it('uses PostgreSQL when DATABASE_URL is set, and memory:// as a throwaway embedded database', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@h/db',
    });
    expect(loadConfig({ PGLITE_DIR: 'memory://' }).database).toEqual({ kind: 'pglite', dir: 'memory://' });
  });

  it('turns response validation off in production unless asked', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      SMTP_URL: 'smtps://mail.example',
      PORTAL_URL: 'https://portal.example',
    };
    expect(loadConfig(production).validateResponses).toBe(false);
    expect(loadConfig({ ...production, VALIDATE_RESPONSES: 'true' }).validateResponses).toBe(true);
  });

  it('serves the interactive API reference outside production, and in production only when asked', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      SMTP_URL: 'smtps://mail.example',
      PORTAL_URL: 'https://portal.example',
    };
    expect(loadConfig({}).apiDocs).toBe(true);
    expect(loadConfig({ API_DOCS: 'false' }).apiDocs).toBe(false);
    expect(loadConfig(production).apiDocs).toBe(false);
    expect(loadConfig({ ...production, API_DOCS: 'true' }).apiDocs).toBe(true);
    expect(problemsOf({ API_DOCS: 'yes' })).toEqual([expect.stringMatching(/^API_DOCS: /)]);
  });

  it('migrates at start, except in production on PostgreSQL, unless told', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      JWT_SECRET: SECRET,
      SMTP_URL: 'smtps://mail.example',
      PORTAL_URL: 'https://portal.example',
    };
    expect(loadConfig({}).migrateOnStart).toBe(true);
    expect(loadConfig(production).migrateOnStart).toBe(false);
    expect(loadConfig({ ...production, MIGRATE_ON_START: 'true' }).migrateOnStart).toBe(true);
    expect(loadConfig({ MIGRATE_ON_START: 'false' }).migrateOnStart).toBe(false);
    const { DATABASE_URL: _, ...embeddedProduction } = production;
    expect(loadConfig(embeddedProduction).migrateOnStart).toBe(true);
  });

  it('serves metrics only when METRICS_PORT is set, and never on the public port', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    // Loopback unless METRICS_HOST says otherwise: the metrics no longer follow HOST.
    for (const HOST of [undefined, '0.0.0.0', '::', '10.0.0.5']) {
      const env = HOST === undefined ? { METRICS_PORT: '9464' } : { METRICS_PORT: '9464', HOST };
      expect(loadConfig(env).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    }
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics?.host).toBe('10.0.0.5');
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '127.0.0.1' }).metrics?.host).toBe('127.0.0.1');
    expect(problemsOf({ PORT: '8080', METRICS_PORT: '8080' })[0]).toMatch(
      /METRICS_PORT: must differ from PORT/,
    );
  });

  it('refuses, in production, metrics beside a HOST that is not loopback unless METRICS_HOST is set', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      SMTP_URL: 'smtps://mail.example',
      PORTAL_URL: 'https://portal.example',
      METRICS_PORT: '9464',
    };
    for (const HOST of ['0.0.0.0', '::', '10.0.0.5']) {
      expect(problemsOf({ ...production, HOST })).toEqual([
        expect.stringMatching(/^METRICS_HOST: required in production when HOST/),
      ]);
      expect(loadConfig({ ...production, HOST, METRICS_HOST: '10.0.0.9' }).metrics?.host).toBe('10.0.0.9');
      expect(loadConfig({ ...production, HOST, METRICS_HOST: '127.0.0.1' }).metrics?.host).toBe('127.0.0.1');
    }
    for (const HOST of ['127.0.0.1', 'localhost', '::1', '[::1]']) {
      expect(loadConfig({ ...production, HOST }).metrics?.host).toBe('127.0.0.1');
    }
    expect(loadConfig(production).metrics?.host).toBe('127.0.0.1');
    expect(loadConfig({ ...production, NODE_ENV: 'development', HOST: '0.0.0.0' }).metrics?.host).toBe(
      '127.0.0.1',
    );
  });

  it('drains for SHUTDOWN_DRAIN_SECONDS (0 unless set), and knows when PgBouncer is in between', () => {
    expect(loadConfig({}).shutdownDrainMs).toBe(0);
    expect(loadConfig({ SHUTDOWN_DRAIN_SECONDS: '2.5' }).shutdownDrainMs).toBe(2500);
    expect(problemsOf({ SHUTDOWN_DRAIN_SECONDS: '-1' })).toEqual([
      expect.stringMatching(/^SHUTDOWN_DRAIN_SECONDS/),
    ]);
    expect(loadConfig({}).dbPooler).toBe('none');
    expect(loadConfig({ DB_POOLER: 'pgbouncer' }).dbPooler).toBe('pgbouncer');
    expect(problemsOf({ DB_POOLER: 'pgpool' })).toEqual([expect.stringMatching(/^DB_POOLER/)]);
    // Behind the pooler, migrations are a step straight on PostgreSQL, never at start.
    expect(loadConfig({ DB_POOLER: 'pgbouncer' }).migrateOnStart).toBe(false);
    expect(problemsOf({ DB_POOLER: 'pgbouncer', MIGRATE_ON_START: 'true' })).toEqual([
      expect.stringMatching(/^MIGRATE_ON_START: cannot be true with DB_POOLER=pgbouncer/),
    ]);
  });

  it('lists every invalid variable at once', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL: must be a postgres/);
    expect(problems.join('\n')).toMatch(/NODE_ENV/);
  });

  it('refuses a JWT_SECRET shorter than 32 bytes, and production without one', () => {
    expect(problemsOf({ JWT_SECRET: 'short' })[0]).toMatch(/JWT_SECRET: must be at least 32 bytes/);
    expect(problemsOf({ NODE_ENV: 'production' })[0]).toMatch(/SIGNING_KEYS_DIR: required in production/);
  });

  it('takes the signing keys from SIGNING_KEYS_DIR, else JWT_SECRET, else a development folder or the process', () => {
    const production = {
      NODE_ENV: 'production',
      SMTP_URL: 'smtps://m.example',
      PORTAL_URL: 'https://p.example',
    };
    expect(problemsOf({ ...production, SIGNING_KEYS_DIR: '/keys' })).toEqual([
      expect.stringMatching(/^MAIL_KEYS: required in production/),
    ]);
    const mailKeys = `m1:${MAIL_KEY_A},m0:${MAIL_KEY_B}`;
    const keyed = loadConfig({ ...production, SIGNING_KEYS_DIR: '/keys', MAIL_KEYS: mailKeys });
    expect(keyed.jwt.keys).toEqual({ kind: 'folder', dir: '/keys', create: false, reloadMs: 10_000 });
    expect(keyed.mailKeys).toEqual({
      kind: 'configured',
      keys: [
        { id: 'm1', key: MAIL_KEY_A },
        { id: 'm0', key: MAIL_KEY_B },
      ],
    });
    expect(problemsOf({ MAIL_KEYS: 'm1:short' })[0]).toMatch(/^MAIL_KEYS: must be id:key/);
    const secretOnly = loadConfig({ ...production, JWT_SECRET: SECRET });
    expect(secretOnly.jwt.keys).toEqual({ kind: 'secret' });
    expect(secretOnly.mailKeys).toEqual({ kind: 'derived-from-jwt-secret' });
    expect(secretOnly.warnings).toEqual([expect.stringMatching(/^MAIL_KEYS is not set/)]);
    expect(loadConfig({ DATA_DIR: '/d' }).jwt.keys).toMatchObject({
      kind: 'folder',
      dir: '/d/keys',
      create: true,
    });
    expect(loadConfig({ DATA_DIR: '/d' }).mailKeys).toEqual({ kind: 'file', file: '/d/mail-keys' });
    expect(loadConfig({ NODE_ENV: 'test' }).jwt.keys).toEqual({ kind: 'ephemeral' });
    expect(loadConfig({ PGLITE_DIR: 'memory://' }).mailKeys).toEqual({ kind: 'ephemeral' });
  });

  it('refuses TRUST_PROXY=true, and reads a hop count or a list of addresses', () => {
    for (const value of ['true', 'TRUE', '*']) {
      expect(problemsOf({ TRUST_PROXY: value })).toEqual([
        expect.stringMatching(/^TRUST_PROXY: trusting every proxy lets any client choose its address/),
      ]);
    }
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
  });

  it('warns when development defaults meet a PostgreSQL server, and not otherwise', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).warnings).toEqual([
      expect.stringMatching(/^NODE_ENV is not set while DATABASE_URL names a PostgreSQL server/),
    ]);
    expect(loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'postgres://u@h/db' }).warnings).toEqual([]);
    expect(loadConfig({}).warnings).toEqual([]);
  });

  it('refuses, in production, sign-in links and trusted pages over http and mail in clear text to another host', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: SECRET };
    const secure = { ...production, PORTAL_URL: 'https://portal.example', SMTP_URL: 'smtps://mail.example' };
    expect(problemsOf(secure)).toEqual([]);
    expect(problemsOf({ ...secure, PORTAL_URL: 'http://portal.example' })).toEqual([
      expect.stringMatching(/^PORTAL_URL: must be https:\/\/ in production/),
    ]);
    expect(problemsOf({ ...secure, SMTP_URL: 'smtp://mail.example' })).toEqual([
      expect.stringMatching(/^SMTP_URL: smtp:\/\/ to another host sends sign-in links in clear text/),
    ]);
    expect(problemsOf({ ...secure, SMTP_URL: 'smtp://mail.example:587?requireTLS=true' })).toEqual([]);
    expect(problemsOf({ ...secure, SMTP_URL: 'smtp://127.0.0.1:25' })).toEqual([]);
    expect(problemsOf({ ...secure, CORS_ORIGINS: 'https://portal.example,http://app.example' })).toEqual([
      expect.stringMatching(/^CORS_ORIGINS: http:\/\/app.example is http:\/\/; in production/),
    ]);
    const insecure = {
      ...secure,
      PORTAL_URL: 'http://portal.example',
      SMTP_URL: 'smtp://mail.example',
      CORS_ORIGINS: 'http://app.example',
    };
    expect(problemsOf({ ...insecure, ALLOW_INSECURE_TRANSPORT: 'true' })).toEqual([]);
    // Outside production the development defaults stand: http://localhost:5173, no SMTP at all.
    expect(
      problemsOf({
        PORTAL_URL: 'http://portal.example',
        SMTP_URL: 'smtp://mail.example',
        CORS_ORIGINS: 'http://localhost:5173',
      }),
    ).toEqual([]);
  });

  it('bounds a sign-in: 30 days from the link, idle as long as a refresh token lives, 10 s of grace', () => {
    expect(loadConfig({}).signIn).toMatchObject({
      sessionMaxAgeSeconds: 2_592_000,
      sessionIdleTimeoutSeconds: 2_592_000,
      refreshGraceSeconds: 10,
    });
    expect(loadConfig({ REFRESH_TOKEN_TTL_SECONDS: '3600' }).signIn.sessionIdleTimeoutSeconds).toBe(3600);
    expect(loadConfig({ SESSION_IDLE_TIMEOUT_SECONDS: '600' }).signIn.sessionIdleTimeoutSeconds).toBe(600);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(18080);
  });
});

describe('the server entry point', () => {
  const main = fileURLToPath(new URL('../../dist/entry-points/server.js', import.meta.url));

  it('exits with code 78 and names the bad variable on invalid configuration', () => {
    const run = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, PORT: '99999', PGLITE_DIR: 'memory://' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/Invalid configuration:\n {2}- PORT:/);
    expect(run.stdout).toBe('');
  });

  it('exits with code 78 naming METRICS_HOST when production metrics would follow a public HOST', () => {
    const run = spawnSync(process.execPath, [main], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: '0',
        METRICS_PORT: '0',
        PGLITE_DIR: 'memory://',
        JWT_SECRET: SECRET,
        SMTP_URL: 'smtps://mail.example',
        PORTAL_URL: 'https://portal.example',
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/Invalid configuration:\n {2}- METRICS_HOST: required in production/);
  });

  it.each(['', 'not a key'])(
    'exits with code 78 when a key file of the signing key folder holds %j',
    (kept) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-key-'));
      try {
        mkdirSync(path.join(dataDir, 'keys'));
        writeFileSync(
          path.join(dataDir, 'keys', 'manifest.json'),
          JSON.stringify({ keys: [{ kid: 'k1', role: 'current', since: new Date().toISOString() }] }),
        );
        writeFileSync(path.join(dataDir, 'keys', 'k1.pem'), `${kept}\n`);
        const run = spawnSync(process.execPath, [main], {
          env: {
            PATH: process.env.PATH,
            PORT: '0',
            DATA_DIR: dataDir,
            PGLITE_DIR: path.join(dataDir, 'db'),
            LOG_LEVEL: 'silent',
          },
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(run.status).toBe(78);
        expect(run.stderr).toMatch(/SIGNING_KEYS_DIR: .*k1\.pem does not hold a PEM private key/);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('says loudly, at start, that development defaults are in use beside a PostgreSQL server', () => {
    // The database is unreachable: the process warns, then fails to start, which is all this needs.
    const run = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, PORT: '0', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    const warning = run.stdout.split('\n').find((line) => line.includes('development defaults are in use'));
    expect(warning && JSON.parse(warning)).toMatchObject({ level: 40 });
  });
});

describe('sign-in and mail configuration', () => {
  it('has development defaults: portal on localhost, mail files under DATA_DIR, 15-minute links', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/portal-data' });
    expect(config.signIn).toEqual({
      portalUrl: 'http://localhost:5173',
      magicLinkTtlSeconds: 900,
      refreshTokenTtlSeconds: 2_592_000,
      sessionMaxAgeSeconds: 2_592_000,
      sessionIdleTimeoutSeconds: 2_592_000,
      sessionMaxPerUser: 20,
      refreshGraceSeconds: 10,
      codeMaxAttempts: 5,
    });
    expect(config.mail).toEqual({
      smtpUrl: undefined,
      from: 'no-reply@localhost',
      outboxDir: path.resolve('/tmp/portal-data/mail'),
    });
    expect(config.outbox.inProcess).toBe(true);
    expect(config.rateLimits.magicLinkPerEmail).toEqual({ points: 5, durationSeconds: 900 });
    expect(config.rateLimits.verifyCodePerEmail).toEqual({ points: 10, durationSeconds: 900 });
    expect(loadConfig({ SIGN_IN_CODE_MAX_ATTEMPTS: '3' }).signIn.codeMaxAttempts).toBe(3);
    expect(() => loadConfig({ SIGN_IN_CODE_MAX_ATTEMPTS: '0' })).toThrow(/SIGN_IN_CODE_MAX_ATTEMPTS/);
  });

  it('reads rate limits as points/seconds and refuses anything else', () => {
    expect(loadConfig({ RATE_LIMIT_VALIDATE_IP: '7/60' }).rateLimits.validatePerIp).toEqual({
      points: 7,
      durationSeconds: 60,
    });
    expect(problemsOf({ RATE_LIMIT_REFRESH_IP: '10 per minute' })).toEqual([
      expect.stringMatching(/^RATE_LIMIT_REFRESH_IP: must be points\/seconds/),
    ]);
    expect(problemsOf({ RATE_LIMIT_REFRESH_IP: '0/60' })).toHaveLength(1);
  });

  it('takes PORTAL_URL without its trailing slash and only over http(s)', () => {
    expect(loadConfig({ PORTAL_URL: 'https://portal.example.com/app/' }).signIn.portalUrl).toBe(
      'https://portal.example.com/app',
    );
    expect(problemsOf({ PORTAL_URL: 'javascript:alert(1)' })).toEqual([expect.stringMatching(/^PORTAL_URL/)]);
  });

  it('allows the origin of PORTAL_URL alone unless CORS_ORIGINS lists the origins', () => {
    expect(loadConfig({ PORTAL_URL: 'https://portal.example/app/' }).corsOrigins).toEqual([
      'https://portal.example',
    ]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://portal.example, http://localhost:5173,https://portal.example' })
        .corsOrigins,
    ).toEqual(['https://portal.example', 'http://localhost:5173']);
  });

  it.each(['development', 'test', 'production'])(
    'refuses, in %s, a CORS_ORIGINS of *, null or anything that is not an origin',
    (mode) => {
      const env = {
        NODE_ENV: mode,
        JWT_SECRET: SECRET,
        MAIL_KEYS: `a:${MAIL_KEY_A}`,
        SMTP_URL: 'smtps://mail.example',
        PORTAL_URL: 'https://portal.example',
      };
      expect(problemsOf({ ...env, CORS_ORIGINS: 'https://portal.example' })).toEqual([]);
      for (const value of [
        '*',
        'null',
        'https://portal.example,*',
        'https://portal.example,null',
        'portal.example',
        'https://portal.example/',
        'https://portal.example/app',
        'https://Portal.example',
        'https://portal.example:443',
        'https://user@portal.example',
        'ftp://portal.example',
        'https://portal.example,',
      ]) {
        expect({ value, problems: problemsOf({ ...env, CORS_ORIGINS: value }) }).toEqual({
          value,
          problems: [expect.stringMatching(/^CORS_ORIGINS: /)],
        });
      }
    },
  );

  it('refuses to start in production without SMTP_URL, where links would go to files and logs', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      PORTAL_URL: 'https://p.example',
    };
    expect(problemsOf(production)).toEqual([expect.stringMatching(/^SMTP_URL: required in production/)]);
    expect(problemsOf({ ...production, SMTP_URL: 'smtps://mail.example.com' })).toEqual([]);
    expect(problemsOf({ SMTP_URL: 'http://mail.example.com' })).toEqual([expect.stringMatching(/^SMTP_URL/)]);
  });
});
