/** A request's query as the server's validator sees it: strings, arrays of repeats, and bracket objects. */
export type ParsedQuery = Record<string, unknown>;

/**
 * The query of `url` as the server reads it. Express's simple parser makes a repeated parameter an array;
 * then express-openapi-validator reads a `name[...]` key with qs, as `name` holding an object or array, and
 * drops a bracketed key qs reads no name from. The mocks only need what decides the answer: which names
 * there are, and that a bracketed one holds no string.
 */
export function readQuery(url: URL): ParsedQuery {
  const query: ParsedQuery = {};
  for (const [name, value] of url.searchParams) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  for (const key of Object.keys(query)) {
    if (!key.includes('[')) continue;
    const value = query[key];
    delete query[key];
    const name = key.split('[')[0] ?? '';
    // qs needs a name and at least one `[...]` segment to read a nested value.
    if (!name || !/\[[^[\]]*]/.test(key)) continue;
    const seen = query[name];
    const nested = { [key.slice(name.length)]: value };
    query[name] = seen && typeof seen === 'object' && !Array.isArray(seen) ? { ...seen, ...nested } : nested;
  }
  return query;
}

// RFC 3986's reserved characters, which express-openapi-validator refuses unencoded in a query value.
const RESERVED = /[:/?#[\]@!$&'()*+,;=]/;

/**
 * The first of `names` (query parameters without `allowReserved`) whose value, as it came over the wire,
 * holds a reserved character unencoded. Read as the validator reads it: the query string of the raw URL
 * without its first `?`, pairs split at `&`, each at its first `=` (what follows a second `=` is not looked
 * at), keys compared undecoded.
 */
export function unencodedReserved(url: URL, names: readonly string[]): string | undefined {
  const raw = url.search.slice(1).replace('?', '');
  if (!raw) return undefined;
  const pairs = raw.split('&').map((pair) => pair.split('='));
  return names.find((name) =>
    pairs.some(([key, value]) => key === name && value !== undefined && RESERVED.test(value)),
  );
}
