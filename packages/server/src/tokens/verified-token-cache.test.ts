import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifiedTokenCache } from './verified-token-cache.js';

const principal = () => ({
  userId: randomUUID(),
  tenantId: randomUUID(),
  clientId: randomUUID(),
  tokenId: randomUUID(),
});

describe('the verified-token cache', () => {
  it('finds a token until its expiry second, then forgets it', () => {
    const cache = createVerifiedTokenCache(10);
    const who = principal();
    cache.set('token-a', who, 1000);
    expect(cache.get('token-a', 999)).toBe(who);
    expect(cache.get('token-a', 1000)).toBeUndefined();
    expect(cache.get('token-a', 999)).toBeUndefined();
  });

  it('finds only the exact token it was given', () => {
    const cache = createVerifiedTokenCache(10);
    cache.set('header.payload.signature', principal(), 1000);
    expect(cache.get('header.payload.signaturX', 1)).toBeUndefined();
    expect(cache.get('header.payload.', 1)).toBeUndefined();
  });

  it('holds at most its size, making room by dropping the oldest token', () => {
    const cache = createVerifiedTokenCache(2);
    cache.set('a', principal(), 1000);
    cache.set('b', principal(), 1000);
    cache.set('c', principal(), 1000);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBeDefined();
    expect(cache.get('c', 1)).toBeDefined();
  });
});
