import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

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
