import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/*
 * A cluster on this machine, from Debian's packages and the configuration files of ops/: HAProxy in front of
 * several built server processes, PgBouncer in transaction pooling in front of PostgreSQL, one outbox worker.
 * Each server runs with `node` itself (a package manager in between would not pass SIGTERM on).
 */

const OPS = fileURLToPath(new URL('../../../ops/', import.meta.url));
const SERVER_DIST = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@portal/server')),
  'entry-points',
);

export interface ClusterOptions {
  /** A PostgreSQL server the cluster creates its own database on (as a superuser). */
  postgresUrl?: string;
  instances?: number;
  /** PgBouncer's default_pool_size: the server connections per database and user. */
  poolSize?: number;
  /** SHUTDOWN_DRAIN_SECONDS of each instance: longer than HAProxy's inter x fall (2 s). */
  drainSeconds?: number;
  /** More environment for the instances and the worker (rate limits, for example). */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

interface Instance {
  name: string;
  port: number;
  url: string;
  /** Running, or undefined while stopped. */
  process: ChildProcess | undefined;
}

interface PoolFigures {
  clientConnections: number;
  serverConnections: number;
}

export interface Cluster {
  /** The balancer: what clients use. */
  url: string;
  /** PgBouncer, as the instances reach it. */
  poolerUrl: string;
  /** The cluster's database, directly on PostgreSQL (migrations run there, never through the pooler). */
  databaseUrl: string;
  /** Where the outbox worker writes the mail (.eml files). */
  mailDir: string;
  instances: Instance[];
  /** SIGTERM (drain, then exit) or SIGKILL; resolves with the exit code or signal once the process is gone. */
  stopInstance(index: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<number | string | null>;
  /** Starts the instance again on its port; resolves once it listens. */
  startInstance(index: number): Promise<void>;
  /** Client and server connections of the cluster's database, from PgBouncer's admin console. */
  poolFigures(): Promise<PoolFigures>;
  /** Stops everything it started (bounded), drops its database and its directory. */
  stop(): Promise<void>;
}

const JWT_SECRET = 'cluster-only-secret-0123456789-abcdefghijklmnop';
const DB_USER = 'postgres';

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const postgresUrl = options.postgresUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const count = options.instances ?? 3;
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(path.join(tmpdir(), 'portal-cluster-'));
  chmodSync(dir, 0o755); // PgBouncer runs as the postgres user when we are root, and reads its files here
  const mailDir = path.join(dir, 'mail');
  mkdirSync(mailDir);
  const database = `portal_cluster_${process.pid}_${Date.now().toString(36)}`;
  const pgAddress = new URL(postgresUrl);
  const directUrl = new URL(postgresUrl);
  directUrl.pathname = `/${database}`;
  const children: ChildProcess[] = [];
  // Every process is tracked as it is spawned (and its pid logged), so that whatever fails, stop() finds it.
  const track = (child: ChildProcess, name: string) => {
    children.push(child);
    log(`[cluster] ${name} started, pid ${child.pid}`);
  };
  let stopped = false;
  log(`[cluster] files in ${dir}`);

  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
    // Behind PgBouncer the statement timeout cannot be a connection parameter: it is the database's setting.
    await admin.query(`ALTER DATABASE ${database} SET statement_timeout = '5s'`);
  } finally {
    await admin.end();
  }

  // Each step runs even if one before it failed: the database is dropped with the processes gone or not.
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.allSettled(children.map((child) => stopProcess(child, 'SIGTERM', 10_000)));
    try {
      const cleanup = new pg.Client({ connectionString: postgresUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).finally(() => cleanup.end());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    // Migrations (and the demo data) as a step of their own, directly on PostgreSQL: knex's migration lock
    // and DDL in transactions have no business going through a transaction pooler.
    await migrateAndSeed(directUrl.toString());

    const poolerPort = await freePort();
    writeFileSync(path.join(dir, 'userlist.txt'), `"${DB_USER}" ""\n`);
    writeFileSync(
      path.join(dir, 'pgbouncer.ini'),
      clusterPoolerConfig({
        portal: `host=${pgAddress.hostname} port=${pgAddress.port || 5432} dbname=${database}`,
        listen_port: String(poolerPort),
        auth_type: 'trust',
        auth_file: path.join(dir, 'userlist.txt'),
        admin_users: DB_USER,
        stats_users: DB_USER,
        default_pool_size: String(options.poolSize ?? 5),
      }),
    );
    const runAsPostgres = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
    const pgbouncer = spawn('pgbouncer', [...runAsPostgres, path.join(dir, 'pgbouncer.ini')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(pgbouncer, 'pgbouncer');
    pipeLog(pgbouncer, 'pgbouncer', log);
    await waitForPort(poolerPort, pgbouncer);
    const poolerUrl = `postgres://${DB_USER}@127.0.0.1:${poolerPort}/portal`;

    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      DATABASE_URL: poolerUrl,
      DB_POOLER: 'pgbouncer',
      DB_POOL_MAX: '10',
      JWT_SECRET,
      // The servers seal mail with these and the worker opens it (the worker reads no JWT_SECRET).
      MAIL_KEYS: `c1:${randomBytes(32).toString('base64url')}`,
      TRUST_PROXY: '1',
      DATA_DIR: path.join(dir, 'data'),
      MAIL_OUTBOX_DIR: mailDir,
      OUTBOX_WORKER: 'false',
      OUTBOX_POLL_MS: '100',
      SHUTDOWN_DRAIN_SECONDS: String(options.drainSeconds ?? 3),
      ...options.env,
    };

    const worker = spawn(process.execPath, [path.join(SERVER_DIST, 'outbox-worker.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(worker, 'worker');
    const workerStarted = waitForLog(worker, 'outbox worker started', 'worker', log);

    const instances: Instance[] = [];
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      instances.push({ name: `portal${i + 1}`, port, url: `http://127.0.0.1:${port}`, process: undefined });
    }
    const startInstance = async (index: number) => {
      const instance = instances[index] as Instance;
      const child = spawn(process.execPath, [path.join(SERVER_DIST, 'server.js')], {
        env: { ...env, PORT: String(instance.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      track(child, instance.name);
      instance.process = child;
      await waitForLog(child, 'portal server listening', instance.name, log);
    };
    // One wait for all: a worker failing while the servers start fails the start at once (and its
    // rejection is never left unhandled, which would end `pnpm cluster` before it cleans up).
    await Promise.all([workerStarted, ...instances.map((_, i) => startInstance(i))]);

    const lbPort = await freePort();
    const haproxyEnv: Record<string, string> = {
      PATH: env.PATH ?? '',
      PORTAL_LB_BIND: `127.0.0.1:${lbPort}`,
    };
    // haproxy.cfg names three servers: with fewer instances, some appear twice.
    for (let n = 0; n < Math.max(3, count); n++) {
      haproxyEnv[`PORTAL_SERVER_${n + 1}`] = `127.0.0.1:${(instances[n % count] as Instance).port}`;
    }
    const haproxy = spawn('haproxy', ['-db', '-f', path.join(OPS, 'haproxy/haproxy.cfg')], {
      env: haproxyEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(haproxy, 'haproxy');
    pipeLog(haproxy, 'haproxy', log);
    await waitForPort(lbPort, haproxy);
    const url = `http://127.0.0.1:${lbPort}`;
    await waitUntil(async () => (await fetch(`${url}/readyz`)).status === 200, 20_000);

    return {
      url,
      poolerUrl,
      databaseUrl: directUrl.toString(),
      mailDir,
      instances,
      startInstance,
      stopInstance: async (index, signal) => {
        const instance = instances[index] as Instance;
        const child = instance.process;
        if (!child) return null;
        const exit = await stopProcess(child, signal, 30_000);
        instance.process = undefined;
        return exit;
      },
      poolFigures: async () => {
        const console = new pg.Client({
          host: '127.0.0.1',
          port: poolerPort,
          user: DB_USER,
          database: 'pgbouncer',
        });
        await console.connect();
        try {
          const pools = await console.query('SHOW POOLS');
          const row = pools.rows.find((r) => r.database === 'portal') ?? {};
          const server = ['sv_active', 'sv_idle', 'sv_used', 'sv_tested', 'sv_login'];
          return {
            clientConnections: Number(row.cl_active ?? 0) + Number(row.cl_waiting ?? 0),
            serverConnections: server.reduce((sum, column) => sum + Number(row[column] ?? 0), 0),
          };
        } finally {
          await console.end();
        }
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** ops/pgbouncer/pgbouncer.ini with the given settings replaced (PgBouncer 1.18 has no override files). */
function clusterPoolerConfig(settings: Record<string, string>): string {
  const production = readFileSync(path.join(OPS, 'pgbouncer/pgbouncer.ini'), 'utf8');
  const missing = new Set(Object.keys(settings));
  const lines = production.split('\n').map((line) => {
    const key = /^([a-z_]+)\s*=/.exec(line)?.[1];
    if (key === undefined || !(key in settings)) return line;
    missing.delete(key);
    return `${key} = ${settings[key]}`;
  });
  if (missing.size > 0) throw new Error(`not in pgbouncer.ini: ${[...missing].join(', ')}`);
  return lines.join('\n');
}

async function migrateAndSeed(databaseUrl: string): Promise<void> {
  const { openDatabase, migrateToLatest, seedDemo } = await import('@portal/server/internals');
  const db = await openDatabase({
    database: { kind: 'postgres', url: databaseUrl },
    dbPoolMax: 2,
    dbStatementTimeoutMs: 60_000,
  });
  try {
    await migrateToLatest(db.knex);
    await seedDemo(db.knex, { ifAbsent: true });
  } finally {
    await db.close();
  }
}

/** Whether haproxy and pgbouncer are installed (the cluster's tests are skipped otherwise). */
export function clusterToolsInstalled(): boolean {
  return ['haproxy', 'pgbouncer'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function pipeLog(child: ChildProcess, name: string, log: (line: string) => void): void {
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(`[${name}] ${line}`);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
}

function waitForLog(child: ChildProcess, message: string, name: string, log: (line: string) => void) {
  pipeLog(child, name, log);
  return new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`"msg":"${message}"`)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`${name} exited (${code}) before "${message}":\n${output}`)),
    );
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  await waitUntil(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.end();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
    20_000,
    child,
  );
}

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${child.spawnfile} exited with ${child.exitCode}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends `signal`, and SIGKILL if the process is still there after `graceMs`. */
function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs: number) {
  return new Promise<number | string | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve(child.exitCode ?? child.signalCode);
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code, sig) => {
      clearTimeout(force);
      resolve(code ?? sig);
    });
    child.kill(signal);
  });
}
