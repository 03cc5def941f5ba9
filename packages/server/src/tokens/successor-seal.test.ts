import { describe, expect, it } from 'vitest';
import { openSuccessor, sealSuccessor } from './successor-seal.js';

describe('the successor seal', () => {
  it('opens with the rotated token only', () => {
    const sealed = sealSuccessor('rotated', 'successor');
    expect(openSuccessor('rotated', sealed)).toBe('successor');
    expect(openSuccessor('another', sealed)).toBeNull();
  });

  it('refuses a seal whose authentication tag was cut short (GCM accepts 4-byte tags unless told)', () => {
    const [version, data] = sealSuccessor('rotated', '').split('.') as [string, string];
    const truncated = Buffer.from(data, 'base64url').subarray(0, 12 + 4);
    expect(openSuccessor('rotated', `${version}.${truncated.toString('base64url')}`)).toBeNull();
  });
});
