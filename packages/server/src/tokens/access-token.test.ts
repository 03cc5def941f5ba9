import { createHmac, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { es256Key, hs256Key, settingsOf } from '../tests/support/signing-keys.js';
import { signAccessToken, verifyAccessToken } from './access-token.js';
import { buildKeySet } from './key-set.js';

const subject = {
  userId: randomUUID(),
  tenantId: randomUUID(),
  clientId: randomUUID(),
  sessionId: randomUUID(),
};
const claims = {
  sub: subject.userId,
  tid: subject.tenantId,
  cid: subject.clientId,
  sid: subject.sessionId,
  jti: randomUUID(),
};
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An HS256 JWT made by hand, keyed with any text (jsonwebtoken refuses a public key as a secret). */
const hmacSigned = (header: object, payload: object, secret: string) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

describe.each(['ES256', 'HS256'] as const)('%s access tokens', (alg) => {
  const key = alg === 'ES256' ? es256Key() : hs256Key(Buffer.alloc(32, 1));
  const settings = settingsOf([key]);
  // Signs as the server does (same key, same algorithm, same kid), with `options` over it.
  const signOwn = (payload: object, options: jwt.SignOptions = {}) =>
    jwt.sign(payload, key.signingKey, { algorithm: alg, keyid: key.kid, ...options });

  it('round-trip the principal with iss, aud, exp and a jti', () => {
    const { accessToken, accessExpiresUnix } = signAccessToken(settings, subject);
    const decoded = jwt.decode(accessToken, { complete: true });
    expect(decoded?.header).toMatchObject({ alg, kid: key.kid });
    expect(decoded?.payload).toMatchObject({ iss: 'portal', aud: 'portal-api', exp: accessExpiresUnix });
    expect(verifyAccessToken(settings, accessToken)).toEqual({ ...subject, tokenId: expect.any(String) });
  });

  it('refuse alg none', () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: 'portal', aud: 'portal-api', iat: now, exp: now + 60 })}.`;
    expect(verifyAccessToken(settings, unsigned)).toBeNull();
  });

  it('refuse another algorithm with the same key, a wrong issuer or audience, and tampered claims', () => {
    const other = (options: jwt.SignOptions, payload: object = claims) =>
      signOwn(payload, { issuer: 'portal', audience: 'portal-api', expiresIn: 60, ...options });
    // Another algorithm on the same key (ES256 keys: the header-switch cases of 'a key set' below).
    if (alg === 'HS256') expect(verifyAccessToken(settings, other({ algorithm: 'HS512' }))).toBeNull();
    expect(verifyAccessToken(settings, other({ issuer: 'evil' }))).toBeNull();
    expect(verifyAccessToken(settings, other({ audience: 'other-api' }))).toBeNull();
    const [h, , s] = signAccessToken(settings, subject).accessToken.split('.');
    const tampered = `${h}.${b64({ ...claims, iss: 'portal', aud: 'portal-api', exp: 9999999999 })}.${s}`;
    expect(verifyAccessToken(settings, tampered)).toBeNull();
  });

  it('refuse expired and not-yet-valid tokens', () => {
    const expired = signAccessToken(settings, subject, new Date(Date.now() - 901_000)).accessToken;
    expect(verifyAccessToken(settings, expired)).toBeNull();
    const future = signOwn(
      { ...claims },
      {
        issuer: 'portal',
        audience: 'portal-api',
        expiresIn: 600,
        notBefore: 300,
      },
    );
    expect(verifyAccessToken(settings, future)).toBeNull();
  });

  it('refuse a token without exp, without iat or without sid, however well signed', () => {
    // jsonwebtoken adds `iat` unless told not to, and then removes any given one.
    const signed = (payload: object, noTimestamp = false) =>
      signOwn(payload, { issuer: 'portal', audience: 'portal-api', noTimestamp });
    const now = Math.floor(Date.now() / 1000);
    expect(verifyAccessToken(settings, signed({ ...claims, exp: now + 60 }))).not.toBeNull();
    expect(verifyAccessToken(settings, signed({ ...claims }))).toBeNull();
    expect(verifyAccessToken(settings, signed({ ...claims, exp: now + 60 }, true))).toBeNull();
    const { sid: _sid, ...withoutSession } = claims;
    expect(verifyAccessToken(settings, signed({ ...withoutSession, exp: now + 60 }))).toBeNull();
  });

  it('refuse a token whose ids are not UUIDs', () => {
    const odd = signOwn(
      { ...claims, tid: 'tenant-1' },
      { issuer: 'portal', audience: 'portal-api', expiresIn: 60 },
    );
    expect(verifyAccessToken(settings, odd)).toBeNull();
  });

  describe('verified before', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('a token is still refused from its expiry on', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const { accessToken, accessExpiresUnix } = signAccessToken(settings, subject);
      expect(verifyAccessToken(settings, accessToken)).not.toBeNull();
      vi.setSystemTime(new Date(accessExpiresUnix * 1000 - 1000));
      expect(verifyAccessToken(settings, accessToken)).not.toBeNull();
      vi.setSystemTime(new Date(accessExpiresUnix * 1000));
      expect(verifyAccessToken(settings, accessToken)).toBeNull();
    });

    it('a token counts only for the settings that verified it', () => {
      const { accessToken } = signAccessToken(settings, subject);
      expect(verifyAccessToken(settings, accessToken)).not.toBeNull();
      expect(verifyAccessToken({ ...settings, audience: 'other-api' }, accessToken)).toBeNull();
      const otherKey = alg === 'ES256' ? es256Key('current', key.kid) : hs256Key(Buffer.alloc(32, 2));
      expect(verifyAccessToken(settingsOf([otherKey]), accessToken)).toBeNull();
    });

    it('a token of a key retired since it was verified is refused at once', () => {
      const rotating = settingsOf([key]);
      const { accessToken } = signAccessToken(rotating, subject);
      expect(verifyAccessToken(rotating, accessToken)).not.toBeNull();
      rotating.keys.replace(buildKeySet([es256Key('current')]));
      expect(verifyAccessToken(rotating, accessToken)).toBeNull();
    });
  });
});

describe('a key set', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const payload = () => ({ ...claims, jti: randomUUID(), iss: 'portal', aud: 'portal-api', exp: now() + 60 });
  const current = es256Key('current');
  const standby = es256Key('standby');
  const previous = es256Key('previous');
  const settings = settingsOf([current, standby, previous]);
  const signWith = (key: typeof current, header: object = {}) =>
    jwt.sign(payload(), key.signingKey, {
      algorithm: 'ES256',
      header: { alg: 'ES256', kid: key.kid, ...header },
    });

  it('signs with the current key only, and verifies with every key of the set by its kid', () => {
    const { accessToken } = signAccessToken(settings, subject);
    expect(jwt.decode(accessToken, { complete: true })?.header.kid).toBe(current.kid);
    for (const key of [current, standby, previous]) {
      expect(verifyAccessToken(settings, signWith(key))).not.toBeNull();
    }
  });

  it('refuses a kid it does not hold, a kid naming a path or a URL, and a token without kid', () => {
    const stranger = es256Key('current');
    expect(verifyAccessToken(settings, signWith(stranger))).toBeNull();
    // The right signature under another key's id: the key is chosen by kid, never by trying them all.
    expect(verifyAccessToken(settings, signWith(current, { kid: previous.kid }))).toBeNull();
    for (const kid of ['../../etc/passwd', 'https://evil.example/key.pem', `${current.kid}?`, '', 42]) {
      expect(verifyAccessToken(settings, signWith(current, { kid }))).toBeNull();
    }
    const noKid = jwt.sign(payload(), current.signingKey, { algorithm: 'ES256' });
    expect(verifyAccessToken(settings, noKid)).toBeNull();
  });

  it('refuses a header that brings or names its own key (jku, x5u, jwk, x5c), even on a good signature', () => {
    for (const header of [
      { jku: 'https://evil.example/jwks.json' },
      { x5u: 'https://evil.example/cert.pem' },
      { jwk: current.verifyingKey.export({ format: 'jwk' }) },
      { x5c: ['MIIB'] },
    ]) {
      expect(verifyAccessToken(settings, signWith(current, header))).toBeNull();
    }
  });

  it("refuses the public key used as an HMAC secret, and any algorithm other than the key's", () => {
    // The classic confusion: HS256 keyed with the published public key (as PEM or JWK text).
    const pem = current.verifyingKey.export({ format: 'pem', type: 'spki' }) as string;
    const jwkText = JSON.stringify(current.verifyingKey.export({ format: 'jwk' }));
    for (const secret of [pem, jwkText]) {
      expect(
        verifyAccessToken(settings, hmacSigned({ alg: 'HS256', kid: current.kid }, payload(), secret)),
      ).toBeNull();
    }
    const [, body, signature] = signWith(current).split('.');
    const b64Header = (alg: string) =>
      Buffer.from(JSON.stringify({ alg, kid: current.kid })).toString('base64url');
    for (const alg of ['ES384', 'RS256', 'none', 'HS256']) {
      expect(verifyAccessToken(settings, `${b64Header(alg)}.${body}.${signature}`)).toBeNull();
    }
  });

  it('accepts a token without kid only for the HS256 key of JWT_SECRET (tokens from before key ids)', () => {
    const secret = hs256Key(Buffer.alloc(32, 5), 'previous');
    const mixed = settingsOf([current, secret]);
    const legacy = jwt.sign(payload(), secret.signingKey, { algorithm: 'HS256' });
    expect(verifyAccessToken(mixed, legacy)).not.toBeNull();
    expect(verifyAccessToken(settings, legacy)).toBeNull();
    // ... and with its own algorithm only: the ES256 keys are never tried as HMAC secrets.
    expect(
      verifyAccessToken(mixed, jwt.sign(payload(), secret.signingKey, { algorithm: 'HS512' })),
    ).toBeNull();
  });

  it('refuses a set without exactly one current key, and publishes only public members', () => {
    expect(() => buildKeySet([standby])).toThrow(/exactly one current/);
    expect(() => buildKeySet([current, es256Key('current')])).toThrow(/exactly one current/);
    expect(() => buildKeySet([current, standby, es256Key('standby')])).toThrow(/at most one standby/);
    const { jwks } = buildKeySet([current, standby, previous, hs256Key(Buffer.alloc(32, 5), 'previous')]);
    expect(jwks.keys.map((k) => k.kid)).toEqual([current.kid, standby.kid, previous.kid]);
    for (const jwk of jwks.keys)
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });
});
