import { describe, expect, it } from 'vitest';
import { formatMoney } from './format-money';

describe('formatMoney', () => {
  it("shows the demo tenant's outstanding amount with the euro sign and cents", () => {
    expect(formatMoney(1250.5, 'EUR', 'en-US')).toBe('€1,250.50');
  });

  it("uses each currency's minor unit: none for JPY, three digits for BHD", () => {
    expect(formatMoney(1250, 'JPY', 'en-US')).toBe('¥1,250');
    expect(formatMoney(1250.5, 'BHD', 'en-US')).toBe('BHD\u00a01,250.500');
  });

  it("follows the reader's locale for separators and the symbol's place", () => {
    expect(formatMoney(1250.5, 'EUR', 'de-DE')).toBe('1.250,50\u00a0€');
  });
});
