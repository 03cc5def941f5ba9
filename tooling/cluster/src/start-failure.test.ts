import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { clusterToolsInstalled } from './cluster.js';

/*
 * A cluster whose start fails half-way leaves nothing behind: no process, no database. The start runs in a
 * plain Node process, as `pnpm cluster` does (there, a stray rejection would end the process mid-cleanup).
 */
const enabled =
  process.env.CLUSTER_TESTS === '1' && process.env.TEST_DATABASE_URL !== undefined && clusterToolsInstalled();
const CLUSTER = fileURLToPath(new URL('../dist/cluster.js', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function failingStart(postgresUrl: string, env: Record<string, string>) {
  const script = `
    const { startCluster } = await import(${JSON.stringify(CLUSTER)});
    await startCluster({ postgresUrl: ${JSON.stringify(postgresUrl)}, instances: 2, env: ${JSON.stringify(env)},
      log: (line) => console.log(line) }).then(() => process.exit(0), (err) => { console.log('FAILED', String(err)); process.exit(3); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const pids = [...output.matchAll(/\[cluster\] \S+ started, pid (\d+)/g)].map((m) => Number(m[1]));
  const dir = /\[cluster\] files in (\S+)/.exec(output)?.[1];
  return { code, output, pids, dir, pid: child.pid as number };
}

describe.runIf(enabled)('a cluster whose start fails', () => {
  it.each([
    // The servers refuse a JWT_SECRET this short (exit 78); the worker reads no signing key and starts.
    ['the servers fail, the worker runs', { JWT_SECRET: 'too-short' }],
    // Every process refuses it: the worker fails while the servers are still starting.
    ['the servers and the worker fail', { RATE_LIMIT_REFRESH_IP: 'many' }],
  ])(
    'when %s: stops PgBouncer, the worker and the servers, and drops its database',
    async (_, env) => {
      const admin = new URL(process.env.TEST_DATABASE_URL as string);
      admin.pathname = '/postgres';
      const run = await failingStart(admin.toString(), env);
      expect(run.output).toMatch(/FAILED Error: \S+ exited \(78\)/);
      expect(run.code).toBe(3);
      // PgBouncer, the worker and two servers were started, and none is left.
      expect(run.pids).toHaveLength(4);
      expect(run.pids.filter(alive)).toEqual([]);
      expect(run.dir && existsSync(run.dir)).toBe(false);
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        const left = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
          `portal_cluster_${run.pid}_%`,
        ]);
        expect(left.rows).toEqual([]);
      } finally {
        await client.end();
      }
    },
    120_000,
  );
});
