import { migrateToLatest } from '@portal/server/internals';
import knex from 'knex';
import { DATASET_STATEMENTS } from './dataset-sql.js';

export interface LoadReport {
  seconds: number;
  steps: { label: string; rows: number; seconds: number }[];
}

/**
 * Applies the server's migrations to an empty database and loads the scale dataset with set-based SQL,
 * then VACUUM ANALYZE: fresh statistics for the planner, and a visibility map that lets the dashboard's
 * invoice figures be read index-only, as on a database that has been running for a while.
 */
export async function loadDataset(databaseUrl: string, log: (line: string) => void): Promise<LoadReport> {
  const db = knex({ client: 'pg', connection: databaseUrl, pool: { min: 1, max: 1 } });
  const started = performance.now();
  const steps: LoadReport['steps'] = [];
  try {
    await migrateToLatest(db);
    // One connection: the settings below hold for every statement. A bulk load does not wait for each
    // commit's WAL flush; the data is thrown away after the run anyway.
    await db.raw('SET synchronous_commit TO OFF');
    await db.raw(`SET maintenance_work_mem TO '256MB'`);
    for (const step of [...DATASET_STATEMENTS, { label: 'vacuum analyze', sql: 'VACUUM ANALYZE' }]) {
      const t0 = performance.now();
      const result = (await db.raw(step.sql)) as { rowCount: number | null };
      const seconds = (performance.now() - t0) / 1000;
      steps.push({ label: step.label, rows: result.rowCount ?? 0, seconds });
      log(`  ${step.label}: ${result.rowCount ?? 0} rows in ${seconds.toFixed(1)} s`);
    }
  } finally {
    await db.destroy();
  }
  return { seconds: (performance.now() - started) / 1000, steps };
}
