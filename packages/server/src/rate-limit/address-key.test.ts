import { describe, expect, it } from 'vitest';
import { addressKey } from './address-key.js';

describe('the rate-limit key of an address', () => {
  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of an IPv6 /64 network as one, however it is written', () => {
    const key = addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(key).toBe('2001:db8:1:2::/64');
    for (const same of [
      '2001:db8:1:2::1',
      '2001:0db8:0001:0002:0:0:0:ffff',
      '2001:DB8:1:2::',
      '2001:db8:1:2::1%eth0',
    ]) {
      expect(addressKey(same), same).toBe(key);
    }
    expect(addressKey('2001:db8:1:3::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64');
  });

  it('keeps what is no address as it is (the limiter hashes every key)', () => {
    expect(addressKey('x'.repeat(300))).toBe('x'.repeat(300));
  });
});
