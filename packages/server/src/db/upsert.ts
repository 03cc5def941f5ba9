import type { Knex } from 'knex';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

// Well below PostgreSQL's 65,535 bind parameters per statement for our widest rows.
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts `rows` into `table`, or updates the row with the same `key` (a unique constraint) when any other
 * column differs. A row that already holds these values is left alone, `updated_at` included, so upserting
 * the same rows twice changes nothing. Every row must have the same columns.
 */
export async function upsertRows(
  db: Knex,
  table: string,
  key: string[],
  rows: Record<string, unknown>[],
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const first = rows[0];
  if (!first) return counts;
  const columns = Object.keys(first).filter((c) => !key.includes(c));
  const assignments = Object.fromEntries(columns.map((c) => [c, db.raw('excluded.??', [c])]));
  const changed = db.raw(
    `(${columns.map(() => '??').join(', ')}) IS DISTINCT FROM (${columns.map(() => 'excluded.??').join(', ')})`,
    [...columns.map((c) => `${table}.${c}`), ...columns],
  );
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    // xmax is 0 on a freshly inserted row version and set on one written by ON CONFLICT DO UPDATE.
    const written: { inserted: boolean }[] = await db(table)
      .insert(chunk)
      .onConflict(key)
      .merge({ ...assignments, updated_at: db.fn.now() })
      .where(changed)
      .returning(db.raw('(xmax = 0) AS inserted') as never);
    const inserted = written.filter((r) => r.inserted).length;
    counts.inserted += inserted;
    counts.updated += written.length - inserted;
    counts.unchanged += chunk.length - written.length;
  }
  return counts;
}
