import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Schemas } from '@portal/contract';
import { callOperation, readJson } from '@portal/test-kit/call-operation';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { type RunningServer, startServer } from '../../entry-points/start-server.js';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.js';
import { signIn } from '../support/auth-fixtures.js';
import { cli } from '../support/cli-harness.js';
import { insertUserWithClient } from '../support/fixtures.js';
import { waitFor } from '../support/wait-for.js';

// The operator's rotation runbook (docs/keys.md), step by step with `portal-admin keys`, under two servers
// on one PostgreSQL database and one key folder, while a client keeps reading and refreshing on both.
// Nobody is signed out and no request fails; the old key's tokens work until the key is retired.
describe.runIf(process.env.TEST_DATABASE_URL)('rotating the signing keys under two running servers', () => {
  let database: TestDatabase;
  let dir: string;
  let servers: RunningServer[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    dir = mkdtempSync(path.join(os.tmpdir(), 'portal-keys-'));
    env = {
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      OUTBOX_WORKER: 'false',
      SIGNING_KEYS_DIR: dir,
      SIGNING_KEYS_RELOAD_MS: '50',
      RATE_LIMIT_REFRESH_IP: '100000/60',
      RATE_LIMIT_VALIDATE_IP: '100000/60',
      ...database.env,
    };
    expect((await cli(env, 'keys', 'generate')).exitCode).toBe(0);
    servers = [await startServer(loadConfig(env)), await startServer(loadConfig(env))];
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const kidOf = (token: string) => jwt.decode(token, { complete: true })?.header.kid;
  const getMe = (server: RunningServer, accessToken: string) =>
    callOperation(server.url, 'getMe', { accessToken });
  const refresh = async (server: RunningServer, refreshToken: string) =>
    readJson(
      await callOperation(server.url, 'refreshSession', { body: { refreshToken } }),
      'refreshSession',
      200,
    );
  /** Resolves once every server holds a key set that `check` accepts (each reloads on its own). */
  const allServers = (what: string, check: (kids: string[], current: string) => boolean) =>
    waitFor(what, () =>
      servers.every((s) => {
        const set = s.accessTokens.keys.get();
        return check([...set.byKid.keys()], set.current.kid);
      }),
    );
  const jwksKids = async (server: RunningServer) =>
    ((await (await callOperation(server.url, 'getJwks', {})).json()) as Schemas['Jwks']).keys.map(
      (k) => k.kid,
    );

  it('signs nobody out: old tokens work until retirement, new ones carry the new kid, no request fails', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const db = a.database.knex;
    const { user } = await insertUserWithClient(db);
    const first = await signIn(a.url, db, user);
    const oldKid = kidOf(first.accessToken) as string;

    // A client that keeps reading on both servers and refreshing, alternately, through every step.
    let tokens = first;
    const failures: string[] = [];
    let running = true;
    const client = (async () => {
      for (let round = 0; running; round++) {
        const server = servers[round % 2] as RunningServer;
        try {
          if (round % 5 === 4) tokens = await refresh(server, tokens.refreshToken);
          else {
            const res = await getMe(server, tokens.accessToken);
            if (res.status !== 200)
              failures.push(`getMe ${res.status} with kid ${kidOf(tokens.accessToken)}`);
          }
        } catch (err) {
          failures.push(String(err));
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const add = await cli(env, 'keys', 'add-standby');
    expect(add.exitCode).toBe(0);
    const newKid = (add.json().keys as { kid: string; role: string }[]).find(
      (k) => k.role === 'standby',
    )?.kid;
    expect(newKid).toBeDefined();
    await allServers('the standby on every server', (kids) => kids.includes(newKid as string));
    for (const server of servers) expect(await jwksKids(server)).toEqual([oldKid, newKid]);
    // Published, not signing: a sign-in now still gets the old kid.
    const beforePromotion = await signIn(b.url, db, user);
    expect(kidOf(beforePromotion.accessToken)).toBe(oldKid);
    expect(kidOf((await refresh(a, beforePromotion.refreshToken)).accessToken)).toBe(oldKid);

    // The wait before promotion is the JWKS cache time (5 min) of outside verifiers; these servers reload in 50 ms.
    expect((await cli(env, 'keys', 'promote', '--force')).exitCode).toBe(0);
    await allServers('the new current key on every server', (_, current) => current === newKid);
    for (const server of servers) {
      expect((await getMe(server, first.accessToken)).status).toBe(200);
      const fresh = await signIn(server.url, db, user);
      expect(kidOf(fresh.accessToken)).toBe(newKid);
      expect((await getMe(a, fresh.accessToken)).status).toBe(200);
      expect((await getMe(b, fresh.accessToken)).status).toBe(200);
    }

    // Retire once the client holds a token of the new key (in production: after the access token lifetime).
    await waitFor('the client to refresh onto the new key', () => kidOf(tokens.accessToken) === newKid);
    expect((await cli(env, 'keys', 'retire', '--force')).exitCode).toBe(0);
    await allServers('the old key gone from every server', (kids) => !kids.includes(oldKid));
    for (const server of servers) {
      expect((await getMe(server, first.accessToken)).status).toBe(401);
      expect(await jwksKids(server)).toEqual([newKid]);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));

    running = false;
    await client;
    expect(failures).toEqual([]);
    expect(kidOf(tokens.accessToken)).toBe(newKid);
    expect((await getMe(a, tokens.accessToken)).status).toBe(200);
  });
});
