/**
 * Money is stored as integer minor units of the tenant's currency (0001-initial-schema); the API speaks
 * major units. The number of minor-unit digits is ISO 4217's "minor unit" (JPY 0, EUR 2, BHD 3), as the
 * ICU data behind Intl.NumberFormat carries it.
 */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

// Building a NumberFormat costs more than the rest of a dashboard answer's arithmetic: once per currency.
const digitsByCurrency = new Map<string, number>();

/** Whether `code` is an ISO 4217 currency this runtime knows (its minor unit is then known too). */
export function isKnownCurrency(code: string): boolean {
  return knownCurrencies.has(code);
}

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/**
 * Converts an exact amount in minor units (an integer, as text or bigint) to major units. The division is
 * done on the decimal digits, once, so the result is the double nearest to the exact decimal, which JSON
 * prints back as that decimal (exact for amounts of up to 15 significant digits).
 */
export function minorToMajor(minor: string | bigint, digits: number): number {
  const value = BigInt(minor);
  const sign = value < 0n ? '-' : '';
  const text = (value < 0n ? -value : value).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  return Number(digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${text.slice(text.length - digits)}`);
}
