/**
 * CORS_ORIGINS: the origins whose pages may call the API with credentials and act on the refresh cookie.
 * Each entry must be written as a browser sends it in `Origin` (RFC 6454, 6.1): scheme, host, port when not
 * the default, nothing else. `*` and `null` are refused: with credentials, either would hand the sign-in to
 * any page (a sandboxed frame or a `data:` page sends `Origin: null`).
 */
export function corsOriginsProblem(value: string): string | undefined {
  for (const entry of entriesOf(value)) {
    if (entry === '*')
      return '`*` would let every site call the API with the sign-in cookie; list the origins';
    if (entry.toLowerCase() === 'null')
      return '`null` is what sandboxed frames and data: pages send; list real origins only';
    const origin = originOf(entry);
    if (origin === undefined) return `"${entry}" is not an http(s) origin such as https://portal.example`;
    if (origin !== entry)
      return `"${entry}" is not an origin as browsers send it (scheme, host and port only): write ${origin}`;
  }
  return undefined;
}

/** The origins of a valid CORS_ORIGINS value (see corsOriginsProblem), without duplicates. */
export function parseCorsOrigins(value: string): string[] {
  return [...new Set(entriesOf(value))];
}

function entriesOf(value: string): string[] {
  return value.split(',').map((part) => part.trim());
}

function originOf(entry: string): string | undefined {
  try {
    const url = new URL(entry);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
