import { describe, expect, it } from 'vitest';
import { networkHint } from './network-hint.js';

describe('the network hint of an address', () => {
  it('keeps the first two parts of an IPv4 address and never the rest', () => {
    expect(networkHint('203.0.113.77')).toBe('203.0.x.x');
    expect(networkHint('::ffff:198.51.100.9')).toBe('198.51.x.x');
  });

  it('keeps the first 32 bits of an IPv6 address', () => {
    expect(networkHint('2001:db8:85a3::8a2e:370:7334')).toBe('2001:db8::/32');
    expect(networkHint('fe80::1%eth0')).toBe('fe80:0::/32');
  });

  it('gives nothing for what is no address', () => {
    for (const ip of [undefined, null, '', 'unknown', '300.1.2.3']) expect(networkHint(ip)).toBeNull();
  });
});
