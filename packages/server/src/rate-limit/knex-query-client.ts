import type { Knex } from 'knex';

interface QueryConfig {
  text: string;
  values?: unknown[];
}

/**
 * The part of node-postgres's `client.query({ text, values })` that rate-limiter-flexible's Postgres store
 * calls, answered through knex. The store's own `storeType: 'knex'` takes a raw connection from the pool
 * and hands it a pg query object, which the embedded PGlite connection does not accept (tried: it fails
 * with ERR_INVALID_ARG_TYPE); going through knex works on both, and waits for PGlite's single connection
 * instead of slipping into a transaction that holds it.
 */
export function knexQueryClient(db: Knex) {
  return {
    async query({ text, values = [] }: QueryConfig) {
      // knex binds `?` in order; PostgreSQL's `$n` may repeat and come in any order.
      const bindings: unknown[] = [];
      const sql = text.replace(/\$(\d+)/g, (_, n: string) => {
        bindings.push(values[Number(n) - 1]);
        return '?';
      });
      const result = (await db.raw(sql, bindings as Knex.RawBinding[])) as {
        rows: unknown[];
        rowCount: number | null;
      };
      // PGlite reports no row count for a SELECT; the store reads rowCount to tell "no row" apart.
      return { rows: result.rows, rowCount: result.rows.length || result.rowCount || 0 };
    },
  };
}
