const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats an amount in major units of an ISO 4217 currency for the reader's locale. Intl knows each
 * currency's minor unit, so EUR shows 2 decimals, JPY none and BHD 3, as the API rounds them.
 */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter.format(amount);
}
