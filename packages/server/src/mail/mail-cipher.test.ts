import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMailCipher } from './mail-cipher.js';

const ring = { sealKeyId: 'm1', keys: new Map([['m1', randomBytes(32)]]), legacyKeyId: undefined };

describe('the mail cipher', () => {
  it('opens what it sealed, for the same row only', () => {
    const cipher = createMailCipher(ring);
    const sealed = cipher.seal('row-1', 'the link');
    expect(cipher.open('row-1', sealed, 'm1')).toBe('the link');
    expect(() => cipher.open('row-2', sealed, 'm1')).toThrow();
  });

  it('refuses a body whose authentication tag was cut short (GCM accepts 4-byte tags unless told)', () => {
    const cipher = createMailCipher(ring);
    // An empty body: iv, then the 16-byte tag. Keep 4 bytes of the tag, as a forger guessing 2^32 would.
    const [version, data] = cipher.seal('row-1', '').split('.') as [string, string];
    const truncated = Buffer.from(data, 'base64url').subarray(0, 12 + 4);
    expect(() => cipher.open('row-1', `${version}.${truncated.toString('base64url')}`, 'm1')).toThrow();
  });
});
