import { createSecretKey, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AccessTokenSettings, signAccessToken, verifyAccessToken } from './access-token.js';

const settings: AccessTokenSettings = {
  key: createSecretKey(Buffer.alloc(32, 1)),
  issuer: 'portal',
  audience: 'portal-api',
  ttlSeconds: 900,
};
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

describe('access tokens', () => {
  it('round-trip the principal with iss, aud, exp and a jti', () => {
    const { accessToken, accessExpiresUnix } = signAccessToken(settings, subject);
    const decoded = jwt.decode(accessToken, { complete: true });
    expect(decoded?.header.alg).toBe('HS256');
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
      jwt.sign(payload, settings.key, {
        issuer: 'portal',
        audience: 'portal-api',
        expiresIn: 60,
        ...options,
      });
    expect(verifyAccessToken(settings, other({ algorithm: 'HS512' }))).toBeNull();
    expect(verifyAccessToken(settings, other({ algorithm: 'HS256', issuer: 'evil' }))).toBeNull();
    expect(verifyAccessToken(settings, other({ algorithm: 'HS256', audience: 'other-api' }))).toBeNull();
    const [h, , s] = signAccessToken(settings, subject).accessToken.split('.');
    const tampered = `${h}.${b64({ ...claims, iss: 'portal', aud: 'portal-api', exp: 9999999999 })}.${s}`;
    expect(verifyAccessToken(settings, tampered)).toBeNull();
  });

  it('refuse expired and not-yet-valid tokens', () => {
    const expired = signAccessToken(settings, subject, new Date(Date.now() - 901_000)).accessToken;
    expect(verifyAccessToken(settings, expired)).toBeNull();
    const future = jwt.sign({ ...claims }, settings.key, {
      algorithm: 'HS256',
      issuer: 'portal',
      audience: 'portal-api',
      expiresIn: 600,
      notBefore: 300,
    });
    expect(verifyAccessToken(settings, future)).toBeNull();
  });

  it('refuse a token without exp, without iat or without sid, however well signed', () => {
    // jsonwebtoken adds `iat` unless told not to, and then removes any given one.
    const signed = (payload: object, noTimestamp = false) =>
      jwt.sign(payload, settings.key, {
        algorithm: 'HS256',
        issuer: 'portal',
        audience: 'portal-api',
        noTimestamp,
      });
    const now = Math.floor(Date.now() / 1000);
    expect(verifyAccessToken(settings, signed({ ...claims, exp: now + 60 }))).not.toBeNull();
    expect(verifyAccessToken(settings, signed({ ...claims }))).toBeNull();
    expect(verifyAccessToken(settings, signed({ ...claims, exp: now + 60 }, true))).toBeNull();
    const { sid: _sid, ...withoutSession } = claims;
    expect(verifyAccessToken(settings, signed({ ...withoutSession, exp: now + 60 }))).toBeNull();
  });

  it('refuse a token whose ids are not UUIDs', () => {
    const odd = jwt.sign({ ...claims, tid: 'tenant-1' }, settings.key, {
      algorithm: 'HS256',
      issuer: 'portal',
      audience: 'portal-api',
      expiresIn: 60,
    });
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
      expect(
        verifyAccessToken({ ...settings, key: createSecretKey(Buffer.alloc(32, 2)) }, accessToken),
      ).toBeNull();
    });
  });
});
