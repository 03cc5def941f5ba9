import { describe, expect, it } from 'vitest';
import { isKnownCurrency, minorToMajor, minorUnitDigits } from './money.js';

describe('minor units', () => {
  it('follows ISO 4217: JPY has none, EUR two, BHD three', () => {
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('BHD')).toBe(3);
  });

  it('converts to major units exactly, without float drift', () => {
    expect(minorToMajor('125050', 2)).toBe(1250.5);
    expect(minorToMajor('1', 2)).toBe(0.01);
    expect(minorToMajor('30', 2)).toBe(0.3); // 0.1 + 0.2 in floats would be 0.30000000000000004
    expect(minorToMajor('1234', 0)).toBe(1234);
    expect(minorToMajor('1005', 3)).toBe(1.005);
    expect(minorToMajor('0', 3)).toBe(0);
    expect(minorToMajor(-250n, 2)).toBe(-2.5);
    expect(JSON.stringify(minorToMajor('999999999999999', 2))).toBe('9999999999999.99');
  });

  it('knows real currency codes and refuses made-up ones', () => {
    expect(isKnownCurrency('EUR')).toBe(true);
    expect(isKnownCurrency('ABC')).toBe(false);
  });
});
