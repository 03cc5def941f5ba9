import { createSecretKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Problem } from '@portal/contract';
import { callOperation } from '@portal/test-kit/call-operation';
import { PORTAL_READS, type PortalRead } from '@portal/test-kit/portal-reads';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertClient,
  insertSession,
  insertTenant,
  insertUser,
  type UserRow,
} from '../test-support/fixtures.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { realDatabaseKind } from '../testing/test-database.js';

// Forged, altered and out-of-date access tokens against every protected operation of the real server.
// The unit checks of verifyAccessToken are in auth/access-token.test.ts; here the whole request path
// (validator, bearer check, database lookup) must refuse them alike: 401, invalid_token, one detail.
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const without = (claims: Record<string, unknown>, name: string) =>
  Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));

describe(`forged and stale access tokens on ${realDatabaseKind()}`, () => {
  let server: TestServer;
  let user: UserRow;
  let neighbour: UserRow; // same tenant, another client
  let stranger: UserRow; // another tenant
  let session: string; // the user's live sign-in
  let revokedSession: string;
  let endedSession: string;
  let neighbourSession: string;

  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind());
    const db = server.database.knex;
    const tenant = await insertTenant(db);
    user = await insertUser(db, await insertClient(db, tenant));
    neighbour = await insertUser(db, await insertClient(db, tenant));
    const otherTenant = await insertTenant(db);
    stranger = await insertUser(db, await insertClient(db, otherTenant));
    session = await insertSession(db, user);
    revokedSession = await insertSession(db, user);
    await db('sessions')
      .where({ id: revokedSession })
      .update({ revoked_at: new Date(), revoked_reason: 'logout' });
    endedSession = await insertSession(db, user, new Date(Date.now() - 1000));
    neighbourSession = await insertSession(db, neighbour);
  });
  afterAll(() => server?.close());

  const claimsOf = (u: UserRow, extra: object = {}) => ({
    sub: u.id,
    tid: u.tenant_id,
    cid: u.client_id,
    sid: u.id === user.id ? session : neighbourSession,
    jti: randomUUID(),
    iss: 'portal',
    aud: 'portal-api',
    iat: now(),
    exp: now() + 600,
    ...extra,
  });
  const sign = (payload: object, options: jwt.SignOptions = {}, key: jwt.Secret = server.accessTokens.key) =>
    jwt.sign(payload, key, { algorithm: 'HS256', ...options });
  const legit = () => sign(claimsOf(user));

  /** Every way of presenting a token that is not a currently valid one of ours for an active user. */
  function attacks(): Record<string, string> {
    const [header, payload, signature] = legit().split('.') as [string, string, string];
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    return {
      'alg none, no signature': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'alg none, signature kept': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`,
      'alg NONE': `${b64({ alg: 'NONE', typ: 'JWT' })}.${payload}.`,
      'HS512 with the right key': sign(claimsOf(user), { algorithm: 'HS512' }),
      'HS384 with the right key': sign(claimsOf(user), { algorithm: 'HS384' }),
      'RS256 with a key of its own': sign(claimsOf(user), { algorithm: 'RS256' }, rsa),
      'ES256 with a key of its own': sign(claimsOf(user), { algorithm: 'ES256' }, ec),
      'header switched to HS512, signature kept': `${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`,
      'HS256 with a wrong key': sign(claimsOf(user), {}, createSecretKey(Buffer.alloc(40, 9))),
      'HS256 with an empty-ish key': sign(claimsOf(user), {}, createSecretKey(Buffer.alloc(32, 0))),
      'subject swapped to a neighbour, signature kept': `${header}.${b64(claimsOf(neighbour))}.${signature}`,
      'tenant swapped, signature kept': `${header}.${b64(claimsOf(user, { tid: stranger.tenant_id }))}.${signature}`,
      'expiry pushed back, signature kept': `${header}.${b64(claimsOf(user, { exp: now() + 86400 * 365 }))}.${signature}`,
      'signature truncated': `${header}.${payload}.${signature.slice(0, -4)}`,
      expired: sign(claimsOf(user, { iat: now() - 1000, exp: now() - 60 })),
      'not yet valid': sign(claimsOf(user, { nbf: now() + 300 })),
      'issued for another tenant (the user is not in it)': sign(
        claimsOf(user, { tid: stranger.tenant_id, cid: stranger.client_id }),
      ),
      "claiming a neighbour's client": sign(claimsOf(user, { cid: neighbour.client_id })),
      'for a user that does not exist': sign(claimsOf(user, { sub: randomUUID() })),
      'another issuer': sign(claimsOf(user, { iss: 'evil' })),
      'another audience': sign(claimsOf(user, { aud: 'other-api' })),
      'without a tenant claim': sign({ ...claimsOf(user), tid: undefined }),
      'without an expiry': sign(without(claimsOf(user), 'exp')),
      'without an issue time': sign(without(claimsOf(user), 'iat'), { noTimestamp: true }),
      'without a session': sign(without(claimsOf(user), 'sid')),
      'in a session that was revoked': sign(claimsOf(user, { sid: revokedSession })),
      'in a session that has ended': sign(claimsOf(user, { sid: endedSession })),
      "in a neighbour's session": sign(claimsOf(user, { sid: neighbourSession })),
      'in a session that does not exist': sign(claimsOf(user, { sid: randomUUID() })),
      'ids that are not UUIDs': sign(claimsOf(user, { sub: `${user.id}' OR '1'='1` })),
      'not a JWT': 'definitely-not-a-jwt',
      'two dots only': '..',
    };
  }

  const protectedCalls = (authorization: string) => {
    const headers = { authorization };
    const read = (operationId: PortalRead) => () => callOperation(server.url, operationId, { headers });
    return {
      ...Object.fromEntries(PORTAL_READS.map((operationId) => [operationId, read(operationId)])),
      logout: () => callOperation(server.url, 'logout', { body: { refreshToken: 'x' }, headers }),
    };
  };

  it('a valid token of an active user is let in on every protected operation (the control)', async () => {
    for (const [operation, call] of Object.entries(protectedCalls(`Bearer ${legit()}`))) {
      const res = await call();
      expect({ operation, status: res.status }).toEqual({
        operation,
        status: operation === 'logout' ? 204 : 200,
      });
    }
  });

  it('every forged, altered, stale or misdirected token gets the same 401 on every protected operation', async () => {
    const details = new Set<string>();
    for (const [attack, token] of Object.entries(attacks())) {
      for (const [operation, call] of Object.entries(protectedCalls(`Bearer ${token}`))) {
        const res = await call();
        expect({ attack, operation, status: res.status }).toEqual({ attack, operation, status: 401 });
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="portal", error="invalid_token"');
        details.add(((await res.json()) as Problem).detail);
      }
    }
    // Nothing tells an attacker which check failed.
    expect([...details]).toEqual(['The access token is invalid or has expired.']);
  });

  it('a missing token, an empty one, or another scheme gets 401 as well', async () => {
    for (const authorization of [
      '',
      'Bearer',
      'Bearer ',
      `Basic ${btoa('ada:secret')}`,
      `Token ${legit()}`,
    ]) {
      for (const call of Object.values(protectedCalls(authorization))) {
        expect((await call()).status).toBe(401);
      }
    }
  });
});
