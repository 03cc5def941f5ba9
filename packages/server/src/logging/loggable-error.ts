/**
 * An error as it may be logged: what says what went wrong and where, without the values it carried. A
 * database error from pg, PGlite or knex carries the statement's bound values (`params`, `bindings`), the
 * row that conflicted (`detail`: "Key (email)=(ada@example.com)"), the query text and where it ran; those are
 * personal data (emails, addresses, user agents, token hashes) and stay out of the log. knex is also told not
 * to put bound values into its messages (`compileSqlOnError: false`, db/database.ts).
 */
export function loggableError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & Record<string, unknown>;
  const kept: Record<string, unknown> = { type: e.name, message: e.message, stack: e.stack };
  for (const field of KEPT_FIELDS) if (e[field] !== undefined) kept[field] = e[field];
  if (e.cause !== undefined) kept.cause = loggableError(e.cause);
  return kept;
}

// The SQLSTATE and where in the schema: enough to find the cause, nothing a user typed.
const KEPT_FIELDS = [
  'code',
  'severity',
  'routine',
  'constraint',
  'table',
  'column',
  'schema',
  'status',
  'type',
];
