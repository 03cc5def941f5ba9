/**
 * Whether an error means the database cannot be reached or did not answer in time, as opposed to a bug.
 * Such errors become 503 with Retry-After: the client may simply try again.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'KnexTimeoutError') return true; // no pool connection within acquireConnectionTimeout
  if (typeof e.code === 'string') {
    if (NETWORK_CODES.has(e.code)) return true;
    // SQLSTATE class 08 (connection exception), 57P01-57P05 (server shutting down, cannot connect now),
    // and 57014 (statement_timeout fired).
    if (e.code.startsWith('08') || /^57P0[1-5]$/.test(e.code) || e.code === '57014') return true;
  }
  return typeof e.message === 'string' && CONNECTION_MESSAGES.some((m) => e.message?.includes(m));
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'Client has encountered a connection error',
  'timeout expired', // pg's connectionTimeoutMillis: no answer to the connection attempt
  'Query read timeout', // pg's query_timeout: no answer to a query sent
];
