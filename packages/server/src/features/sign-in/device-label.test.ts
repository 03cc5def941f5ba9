import { describe, expect, it } from 'vitest';
import { deviceLabel } from './device-label.js';

describe('the device label of a user agent', () => {
  it('names the browser and the system', () => {
    expect(
      deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'),
    ).toBe('Firefox on Windows');
    expect(
      deviceLabel(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on macOS');
  });

  it('says "Unknown device" for none, an empty one, or one that names nothing known', () => {
    for (const ua of [undefined, null, '', '   ', 'curl/8.5.0'])
      expect(deviceLabel(ua)).toBe('Unknown device');
  });
});
