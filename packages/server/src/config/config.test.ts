import { spawnSync } from 'node:child_process';
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
