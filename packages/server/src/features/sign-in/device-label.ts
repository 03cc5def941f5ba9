import Bowser from 'bowser';

const UNKNOWN = 'Unknown device';

/**
 * A readable label for the user agent a sign-in started with, "Firefox on Windows", read by a maintained
 * parser (bowser) rather than by hand-written patterns; "Unknown device" when it names nothing known.
 */
export function deviceLabel(userAgent: string | null | undefined): string {
  if (!userAgent?.trim()) return UNKNOWN;
  const { browser, os } = Bowser.parse(userAgent);
  const name = browser.name || undefined;
  const system = os.name || undefined;
  if (name && system) return `${name} on ${system}`;
  return name ?? system ?? UNKNOWN;
}
