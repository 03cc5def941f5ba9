import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../tests/support/cli-harness.js';

// `portal-admin keys ...` on a key folder: no database is opened, so no database environment is given.
describe('portal-admin keys', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'portal-keys-cli-'));
    env = { SIGNING_KEYS_DIR: dir, SIGNING_KEYS_RELOAD_MS: '1000', ACCESS_TOKEN_TTL_SECONDS: '60' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  type Listed = { keys: { kid: string; role: string; alg: string; since: string }[] };
  const roles = (out: Listed) => out.keys.map((k) => k.role);

  it('generate, list, add-standby, promote, retire: each prints the set after it as one JSON object', async () => {
    const generated = await cli(env, 'keys', 'generate');
    expect(generated.exitCode).toBe(0);
    const first = (generated.json() as Listed).keys[0];
    expect(first).toMatchObject({ role: 'current', alg: 'ES256' });
    expect(readFileSync(path.join(dir, `${first?.kid}.pem`), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);

    const standby = await cli(env, 'keys', 'add-standby');
    expect(roles(standby.json() as Listed)).toEqual(['current', 'standby']);
    expect(standby.json().promoteAfter).toEqual(expect.any(String));
    const second = (standby.json() as Listed).keys[1]?.kid as string;

    const promoted = await cli(env, 'keys', 'promote', '--force');
    expect(promoted.exitCode).toBe(0);
    expect((promoted.json() as Listed).keys.map((k) => [k.kid, k.role])).toEqual([
      [first?.kid, 'previous'],
      [second, 'current'],
    ]);

    const retired = await cli(env, 'keys', 'retire', '--force');
    expect(retired.json()).toMatchObject({ retired: [first?.kid], keys: [{ kid: second, role: 'current' }] });
    expect(existsSync(path.join(dir, `${first?.kid}.pem`))).toBe(false);
    expect((await cli(env, 'keys', 'list')).json()).toMatchObject({ dir, keys: [{ kid: second }] });
  });

  it('refuses to promote before the servers and JWKS caches know the standby, and to retire before its tokens expire', async () => {
    await cli(env, 'keys', 'generate');
    await cli(env, 'keys', 'add-standby');
    const early = await cli(env, 'keys', 'promote');
    expect(early.exitCode).toBe(65);
    expect(early.stderr).toMatch(/too early to promote the standby key: wait until .* or --force/);
    expect((await cli(env, 'keys', 'promote', '--force')).exitCode).toBe(0);
    const retire = await cli(env, 'keys', 'retire');
    expect(retire.exitCode).toBe(65);
    expect(retire.stderr).toMatch(/too early to retire key .*access token lifetime/);
    // Once the wait is over (the key became previous 2 minutes ago: 60 s tokens, 1 s reload), it goes.
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    for (const key of manifest.keys) {
      if (key.role === 'previous') key.since = new Date(Date.now() - 120_000).toISOString();
    }
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    expect((await cli(env, 'keys', 'retire')).exitCode).toBe(0);
  });

  it('answers 64 to a bad command line and 65 to a step the set is not ready for', async () => {
    expect((await cli(env, 'keys', 'rotate')).exitCode).toBe(64);
    expect((await cli(env, 'keys', 'list', '--verbose')).exitCode).toBe(64);
    expect((await cli({ JWT_SECRET: 'x'.repeat(32) }, 'keys', 'list')).stderr).toMatch(/no key folder/);
    const none = await cli(env, 'keys', 'promote');
    expect({ exitCode: none.exitCode, stderr: none.stderr }).toEqual({
      exitCode: 65,
      stderr: expect.stringMatching(/holds no key set; run "keys generate" first/),
    });
    await cli(env, 'keys', 'generate');
    expect((await cli(env, 'keys', 'generate')).exitCode).toBe(65);
    expect((await cli(env, 'keys', 'promote')).stderr).toMatch(/no standby key/);
    expect((await cli(env, 'keys', 'retire')).stderr).toMatch(/no previous key/);
    await cli(env, 'keys', 'add-standby');
    expect((await cli(env, 'keys', 'add-standby')).stderr).toMatch(/already has a standby key/);
  });
});
