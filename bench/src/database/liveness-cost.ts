import { PRINCIPAL_IS_LIVE, type Principal, principalBindings } from '@portal/server/internals';
import type { Knex } from 'knex';
import pg from 'pg';
import { ME_COLUMNS } from '../baselines/me-body.js';
import { processCpuUs } from './backend-cpu.js';

type LivenessForm = 'unnamed' | 'prepared' | 'session-row' | 'none';

/** What one form of GET /me's statement costs the database, through one connection. */
export interface StatementCost {
  form: LivenessForm;
  liveness: string;
  executions: number;
  /** Round trip as the client sees it: parse, plan, execute, and the rows back over loopback. */
  wallUsPerExecution: number;
  /** CPU time of the PostgreSQL backend that ran it (NaN when PostgreSQL is not on this machine). */
  backendCpuUsPerExecution: number;
  /** Medians of EXPLAIN ANALYZE's planning and execution times (NaN for the prepared form). */
  planningUs: number;
  executionUs: number;
}

const PROFILE = `SELECT ${ME_COLUMNS}
  FROM portal_users u
  JOIN clients c ON c.id = u.client_id AND c.tenant_id = u.tenant_id
 WHERE u.id = :userId AND u.tenant_id = :tenantId AND u.client_id = :clientId`;
const LIVE = `${PROFILE}\n   AND ${PRINCIPAL_IS_LIVE}`;

/*
 * GET /me's statement (features/profile/profile-repository.ts) with its liveness condition, unnamed (parsed
 * and planned at every execution, as pg sends a statement without a name: the server behind PgBouncer);
 * the same prepared (parsed once per connection, its plan cached: as the server sends it); with the
 * condition as one primary-key lookup of the session row, prepared too (which would hold only if every
 * deactivation of a user, client or tenant revoked its sessions); and without any, unnamed, as baseline
 * (d) reads.
 */
const FORMS: { form: LivenessForm; liveness: string; sql: string; prepared?: true }[] = [
  { form: 'unnamed', liveness: 'user, tenant, client and session, unnamed (behind PgBouncer)', sql: LIVE },
  { form: 'prepared', liveness: 'the same, prepared (as the server sends it)', sql: LIVE, prepared: true },
  {
    form: 'session-row',
    prepared: true,
    liveness: 'the session row by primary key, prepared',
    sql: `${PROFILE}
   AND EXISTS (SELECT 1 FROM sessions live_s
                WHERE live_s.id = :sessionId AND live_s.revoked_at IS NULL AND live_s.expires_at > :now)`,
  },
  { form: 'none', liveness: 'none, unnamed (as baseline d)', sql: PROFILE },
];
const ROUNDS = 10;
const WARMUP = 200;
const EXPLAINS = 31;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * Each form `executions` times on one connection, in ROUNDS interleaved batches (a machine whose load
 * changes meanwhile weighs on all alike), timing each batch's round trips and the backend's CPU; then
 * EXPLAIN ANALYZE of each, for how much of it is planning.
 */
export async function livenessCost(
  db: Knex,
  url: string,
  who: Principal,
  executions: number,
): Promise<StatementCost[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pid = rows[0]?.pid as number;
    const statements = FORMS.map((f) => {
      const { sql: text, bindings } = db.raw(f.sql, principalBindings(who)).toSQL().toNative();
      const query = {
        text,
        values: bindings as unknown[],
        ...(f.prepared ? { name: `bench-${f.form}` } : {}),
      };
      return { ...f, query, wallUs: 0, cpuUs: 0 };
    });
    const run = async (s: (typeof statements)[number], n: number) => {
      for (let i = 0; i < n; i++) {
        const { rowCount } = await client.query(s.query);
        if (rowCount !== 1) throw new Error(`GET /me's statement (${s.liveness}) found ${rowCount} rows`);
      }
    };
    for (const s of statements) await run(s, WARMUP);
    const batch = Math.ceil(executions / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 ? [...statements].reverse() : statements) {
        const cpuBefore = processCpuUs(pid);
        const started = performance.now();
        await run(s, batch);
        s.wallUs += (performance.now() - started) * 1000;
        s.cpuUs += processCpuUs(pid) - cpuBefore;
      }
    }
    const total = batch * ROUNDS;
    const costs: StatementCost[] = [];
    for (const s of statements) {
      const { planningUs, executionUs } = s.prepared
        ? { planningUs: NaN, executionUs: NaN }
        : await explainTimes(client, s.query.text, s.query.values);
      costs.push({
        form: s.form,
        liveness: s.liveness,
        executions: total,
        wallUsPerExecution: s.wallUs / total,
        backendCpuUsPerExecution: s.cpuUs / total,
        planningUs,
        executionUs,
      });
    }
    return costs;
  } finally {
    await client.end();
  }
}

async function explainTimes(client: pg.Client, text: string, values: unknown[]) {
  const planning: number[] = [];
  const execution: number[] = [];
  for (let i = 0; i < EXPLAINS; i++) {
    const { rows } = await client.query<{
      'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }];
    }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
    const plan = rows[0]?.['QUERY PLAN'][0];
    planning.push((plan?.['Planning Time'] ?? NaN) * 1000);
    execution.push((plan?.['Execution Time'] ?? NaN) * 1000);
  }
  return { planningUs: median(planning), executionUs: median(execution) };
}
