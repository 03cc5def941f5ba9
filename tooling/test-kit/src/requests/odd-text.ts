import fc from 'fast-check';

// Characters that break naive code: NUL (PostgreSQL text refuses it), lone surrogates, direction and
// zero-width marks, a BOM, a combining accent, astral and joined emoji, quotes, escapes, line separators.
const ODD = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\u0301',
  '👩‍👩‍👧',
  '𝕏',
  '\\',
  '"',
  "'",
  '%',
  '<',
  '\n',
  '\u2028',
];
const oddUnit = fc.oneof(
  fc.constantFrom(...ODD),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);

/** Any text, odd characters included. */
export const oddText = (constraints: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: oddUnit, ...constraints });

/** Text a header value can hold: fetch refuses anything beyond Latin-1, and control characters. */
export const latin1Text = (constraints: { minLength?: number; maxLength?: number }) =>
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f)
      .map((c) => String.fromCharCode(c)),
    ...constraints,
  });
