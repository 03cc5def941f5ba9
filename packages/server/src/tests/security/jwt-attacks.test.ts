import { createHmac, createSecretKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Problem } from '@portal/contract';
import { callOperation } from '@portal/test-kit/call-operation';
import { PARAMETERLESS_READS, type ParameterlessRead } from '@portal/test-kit/parameterless-reads';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../../testing/start-test-server.js';
import { realDatabaseKind } from '../../testing/test-database.js';
import { insertClient, insertSession, insertTenant, insertUser, type UserRow } from '../support/fixtures.js';

// Forged, altered and out-of-date access tokens against every protected operation of the real server.
// The unit checks of verifyAccessToken are in tokens/access-token.test.ts; here the whole request path
// (validator, bearer check, database lookup) must refuse them alike: 401, invalid_token, one detail.
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const without = (claims: Record<string, unknown>, name: string) =>
  Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));

/** An HS256 JWT made by hand, keyed with any text (jsonwebtoken refuses a public key as a secret). */
const hmacSigned = (header: object, payload: object, secret: string) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

// Both ways a server signs: ES256 keys with ids (the default) and HS256 with JWT_SECRET.
describe.each([
  { alg: 'ES256', env: {} as Record<string, string> },
  { alg: 'HS256', env: { JWT_SECRET: TEST_JWT_SECRET } },
])(`forged and stale $alg access tokens on ${realDatabaseKind()}`, ({ alg, env }) => {
  let server: TestServer;
  let user: UserRow;
  let neighbour: UserRow; // same tenant, another client
  let stranger: UserRow; // another tenant
  let session: string; // the user's live sign-in
  let revokedSession: string;
  let endedSession: string;
  let neighbourSession: string;

  beforeAll(async () => {
    server = await startTestServer(realDatabaseKind(), env);
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
  const current = () => server.accessTokens.keys.get().current;
  // Signed as the server signs (its current key, algorithm and kid), `options` over that.
  const sign = (payload: object, options: jwt.SignOptions = {}, key: jwt.Secret = current().signingKey) =>
    jwt.sign(payload, key, { algorithm: current().alg, keyid: current().kid, ...options });
  const legit = () => sign(claimsOf(user));

  /** The attacks on the choice of key and algorithm, for this server's kind of key. */
  function keyConfusion(): Record<string, string> {
    const { kid } = current();
    const own = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ownJwk = own.publicKey.export({ format: 'jwk' });
    const attacks: Record<string, string> = {
      'kid of no key of ours': sign(claimsOf(user), { keyid: 'no-such-key' }),
      'kid naming a file path': sign(claimsOf(user), { keyid: '../../../../dev/null' }),
      'kid naming a URL': sign(claimsOf(user), { keyid: 'https://evil.example/key.pem' }),
      'kid with SQL in it': sign(claimsOf(user), { keyid: "x' UNION SELECT 'secret" }),
      'our kid, signed by a key of its own': sign(claimsOf(user), { algorithm: 'ES256' }, own.privateKey),
      'jku pointing at a JWKS of its own': sign(
        claimsOf(user),
        { algorithm: 'ES256', header: { alg: 'ES256', kid, jku: 'https://evil.example/jwks.json' } },
        own.privateKey,
      ),
      'x5u pointing at a certificate of its own': sign(
        claimsOf(user),
        { algorithm: 'ES256', header: { alg: 'ES256', kid, x5u: 'https://evil.example/cert.pem' } },
        own.privateKey,
      ),
      'jwk of its own embedded in the header': sign(
        claimsOf(user),
        { algorithm: 'ES256', header: { alg: 'ES256', kid, jwk: ownJwk } as jwt.JwtHeader },
        own.privateKey,
      ),
      'a good token with a jku added': sign(claimsOf(user), {
        header: { alg: current().alg, kid, jku: 'https://evil.example/jwks.json' } as jwt.JwtHeader,
      }),
    };
    if (alg === 'ES256') {
      // The published public key used as an HMAC secret (RFC 8725, 2.1), as PEM and as JWK text.
      const pub = current().verifyingKey;
      attacks['HS256 keyed with our public key (PEM)'] = hmacSigned(
        { alg: 'HS256', typ: 'JWT', kid },
        claimsOf(user),
        pub.export({ format: 'pem', type: 'spki' }) as string,
      );
      attacks['HS256 keyed with our public key (JWK)'] = hmacSigned(
        { alg: 'HS256', typ: 'JWT', kid },
        claimsOf(user),
        JSON.stringify(pub.export({ format: 'jwk' })),
      );
      attacks['our token without its kid'] = jwt.sign(claimsOf(user), current().signingKey, {
        algorithm: 'ES256',
      });
    } else {
      attacks['HS512 with the right key'] = sign(claimsOf(user), { algorithm: 'HS512' });
      attacks['HS384 with the right key'] = sign(claimsOf(user), { algorithm: 'HS384' });
    }
    return attacks;
  }

  /** Every way of presenting a token that is not a currently valid one of ours for an active user. */
  function attacks(): Record<string, string> {
    const [header, payload, signature] = legit().split('.') as [string, string, string];
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    return {
      'alg none, no signature': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'alg none, signature kept': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`,
      'alg NONE': `${b64({ alg: 'NONE', typ: 'JWT' })}.${payload}.`,
      ...keyConfusion(),
      'RS256 with a key of its own': sign(claimsOf(user), { algorithm: 'RS256' }, rsa),
      'ES256 with a key of its own': sign(claimsOf(user), { algorithm: 'ES256' }, ec),
      'header switched to HS512, signature kept': `${b64({ alg: 'HS512', typ: 'JWT', kid: current().kid })}.${payload}.${signature}`,
      'header switched to ES384, signature kept': `${b64({ alg: 'ES384', typ: 'JWT', kid: current().kid })}.${payload}.${signature}`,
      'HS256 with a wrong key': sign(
        claimsOf(user),
        { algorithm: 'HS256' },
        createSecretKey(Buffer.alloc(40, 9)),
      ),
      'HS256 with an empty-ish key': sign(
        claimsOf(user),
        { algorithm: 'HS256' },
        createSecretKey(Buffer.alloc(32, 0)),
      ),
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
    const read = (operationId: ParameterlessRead) => () =>
      callOperation(server.url, operationId, { headers });
    return {
      ...Object.fromEntries(PARAMETERLESS_READS.map((operationId) => [operationId, read(operationId)])),
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
