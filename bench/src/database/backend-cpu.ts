import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';

/*
 * CPU time of the PostgreSQL backends serving the bench database, read from /proc: the database's share
 * of a request, beside the CPU of the target's own process. Only when PostgreSQL runs on this machine
 * (the default); otherwise every figure is NaN.
 */

/** CPU time (user + system) a process has used so far, in microseconds; NaN if it is not ours to see. */
export function processCpuUs(pid: number): number {
  try {
    // schedstat's first field is nanoseconds on a CPU, far finer than stat's 10 ms ticks.
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
  } catch {
    return Number.NaN;
  }
}

/** The CPU used so far by each backend connected to the bench database now. */
export async function backendCpu(db: Knex): Promise<Map<number, number>> {
  const { rows } = await db.raw<{ rows: { pid: number }[] }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return new Map(rows.map((r) => [r.pid, processCpuUs(r.pid)]));
}

/**
 * Microseconds of backend CPU between two readings: all of a backend's CPU when it connected in between,
 * nothing of one that disconnected in between (its time is no longer in /proc).
 */
export function backendCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}
