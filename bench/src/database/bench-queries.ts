import { dashboardFiguresQuery, type Principal } from '@portal/server/internals';
import type { Knex } from 'knex';
import pg from 'pg';
import { DATASET } from './dataset.js';

/*
 * What the runner does to the bench database directly: single-use tokens for the validate and refresh
 * runs (each request needs a fresh one), the transaction counter behind the N+1 check, and EXPLAIN.
 */
const largeTenant = `md5('tenant-large')::uuid`;
const userOf = `md5('large-user-' || (1 + i % ${DATASET.largeClients}))::uuid`;

/** Stores `count` magic-link tokens `${prefix}0`...: hashed as the server hashes them (SHA-256). */
export async function mintMagicLinks(db: Knex, prefix: string, count: number): Promise<void> {
  await db.raw(
    `INSERT INTO magic_link_tokens (tenant_id, user_id, token_hash, expires_at)
     SELECT ${largeTenant}, ${userOf}, sha256(convert_to(? || i, 'UTF8')), now() + interval '1 hour'
       FROM generate_series(0, ? - 1) i`,
    [prefix, count],
  );
}

/** Stores `count` live refresh tokens `${prefix}0`..., each in a session (sign-in) of its own. */
export async function mintRefreshTokens(db: Knex, prefix: string, count: number): Promise<void> {
  // The session of token i has the id md5(prefix || i), so the two statements pair them without a lookup.
  await db.raw(
    `INSERT INTO sessions (id, tenant_id, user_id, expires_at)
     SELECT md5(? || i)::uuid, ${largeTenant}, ${userOf}, now() + interval '1 day'
       FROM generate_series(0, ? - 1) i`,
    [prefix, count],
  );
  await db.raw(
    `INSERT INTO refresh_tokens (tenant_id, user_id, family_id, token_hash, expires_at)
     SELECT ${largeTenant}, ${userOf}, md5(? || i)::uuid, sha256(convert_to(? || i, 'UTF8')),
            now() + interval '1 day'
       FROM generate_series(0, ? - 1) i`,
    [prefix, prefix, count],
  );
}

/**
 * Transactions committed or rolled back in the database at `url` so far. A statement outside a transaction
 * is a transaction of its own, so the difference over N requests tells how many round trips each made.
 * Backends report their counts when they exit (when idle, only after a delay): read this after the
 * server under test has stopped. Each call uses a connection of its own, closed at once, so that the
 * reader's own transactions are reported at a fixed point too.
 */
export async function transactionCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = current_database()`,
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of the dashboard statement, exactly as the server builds it. */
export async function explainDashboard(db: Knex, who: Principal): Promise<string> {
  const sql = dashboardFiguresQuery(db, who).toString();
  // Warm the cache first: the plan shown is the one requests get, not a cold first read.
  await db.raw(sql);
  const { rows } = await db.raw<{ rows: { 'QUERY PLAN': string }[] }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}
