import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/**
 * The query options that make PostgreSQL parse and plan `sql` once per connection and reuse the plan (a
 * named prepared statement, pg's `name`). For the statements of nearly every request, the reads through
 * the liveness condition, whose four-table EXISTS costs the backend more to plan than to run. pg refuses
 * one name for two texts, so the name is the text's digest; the texts are the code's own (values travel as
 * bindings), so there are few. The embedded database ignores the option; behind PgBouncer database.ts
 * drops it.
 */
export function preparedOnce(sql: string): { name: string } {
  let name = names.get(sql);
  if (name === undefined) {
    name = `portal_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return { name };
}
