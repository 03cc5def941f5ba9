import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBlobLinks } from './blob-links.js';

const links = createBlobLinks(createSecretKey(randomBytes(32)));
const USER = '3f2b8a8e-2d0c-4d7a-9a0e-1f3c5b7d9e21';
const now = new Date('2026-12-06T10:20:00Z');

describe('signed picture links', () => {
  it('last until the end of the next full hour, the same for everyone asking within an hour', () => {
    const link = links.sign('blob', USER, now);
    expect(new Date(link.expires * 1000).toISOString()).toBe('2026-12-06T12:00:00.000Z');
    expect(links.sign('blob', USER, new Date('2026-12-06T10:59:59Z'))).toEqual(link);
  });

  it('work for exactly the blob and user they were made for, until they expire', () => {
    const link = links.sign('blob', USER, now);
    expect(links.verify('blob', USER, link, now)).toBe(true);
    expect(links.verify('blob', USER, link, new Date(link.expires * 1000 - 1))).toBe(true);
    expect(links.verify('blob', USER, link, new Date(link.expires * 1000))).toBe(false);
    expect(links.verify('other', USER, link, now)).toBe(false);
    expect(links.verify('blob', '3f2b8a8e-2d0c-4d7a-9a0e-1f3c5b7d9e22', link, now)).toBe(false);
  });

  it('are not valid under another key', () => {
    const link = links.sign('blob', USER, now);
    expect(createBlobLinks(createSecretKey(randomBytes(32))).verify('blob', USER, link, now)).toBe(false);
  });
});
