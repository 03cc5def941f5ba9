import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

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
      JWT_SECRET: 'x'.repeat(32),
      SMTP_URL: 'smtp://mail.example',
    };
    expect(loadConfig(production).validateResponses).toBe(false);
    expect(loadConfig({ ...production, VALIDATE_RESPONSES: 'true' }).validateResponses).toBe(true);
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
    expect(problemsOf({ NODE_ENV: 'production' })[0]).toMatch(/JWT_SECRET: required in production/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(18080);
  });
});

describe('the server entry point', () => {
  const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

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
});

describe('sign-in and mail configuration', () => {
  it('has development defaults: portal on localhost, mail files under DATA_DIR, 15-minute links', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/portal-data' });
    expect(config.signIn).toEqual({
      portalUrl: 'http://localhost:5173',
      magicLinkTtlSeconds: 900,
      refreshTokenTtlSeconds: 2_592_000,
    });
    expect(config.mail).toEqual({
      smtpUrl: undefined,
      from: 'no-reply@localhost',
      outboxDir: path.resolve('/tmp/portal-data/mail'),
    });
    expect(config.outbox.inProcess).toBe(true);
    expect(config.rateLimits.magicLinkPerEmail).toEqual({ points: 5, durationSeconds: 900 });
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

  it('refuses to start in production without SMTP_URL, where links would go to files and logs', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(problemsOf(production)).toEqual([expect.stringMatching(/^SMTP_URL: required in production/)]);
    expect(problemsOf({ ...production, SMTP_URL: 'smtps://mail.example.com' })).toEqual([]);
    expect(problemsOf({ SMTP_URL: 'http://mail.example.com' })).toEqual([expect.stringMatching(/^SMTP_URL/)]);
  });
});
