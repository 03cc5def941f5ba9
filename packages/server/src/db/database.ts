import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';
import { type Config, ConfigError } from '../config/config.js';
import { type EmbeddedLock, lockEmbeddedDatabase } from './embedded-lock.js';

// PostgreSQL returns BIGINT (int8) and NUMERIC as strings by default; our money columns are BIGINT minor
// units and our counts are well below 2^53, so parse int8 as a number. NUMERIC stays a string (exact).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface Database {
  knex: Knex;
  /** The embedded database instance, when there is one (to share it over the wire protocol, for example). */
  pglite: PGlite | undefined;
  kind: Config['database']['kind'];
  /** The lock on an embedded database directory (none for PostgreSQL or `memory://`). */
  lock?: EmbeddedLock | undefined;
  close(): Promise<void>;
}

// Leaves the server's statement_timeout (SQLSTATE 57014) the first to fire when the server is reachable.
const QUERY_TIMEOUT_MARGIN_MS = 1000;

type DatabaseConfig = Pick<Config, 'database' | 'dbPoolMax' | 'dbStatementTimeoutMs'> &
  Partial<Pick<Config, 'dbPooler'>>;

/**
 * Opens the configured database: PostgreSQL through `pg`, or the embedded PGlite. An embedded database
 * directory is locked for this process (`owner` names it to others); see embedded-lock.ts.
 */
export async function openDatabase(
  config: DatabaseConfig,
  logger?: Logger,
  owner = 'the portal server',
): Promise<Database> {
  // knex prints its own warnings (lost connections, pool errors) to the console unless given a logger.
  const log = logger && {
    warn: (m: unknown) => logger.warn({ knex: m }, 'database warning'),
    error: (m: unknown) => logger.error({ knex: m }, 'database error'),
    deprecate: (m: unknown) => logger.warn({ knex: m }, 'database deprecation'),
    debug: () => {},
  };
  if (config.database.kind === 'postgres') {
    const instance = knex({
      client: 'pg',
      connection: {
        connectionString: config.database.url,
        // Bounds every statement, so a stuck query cannot hold a request (and a connection) forever. Sent as a
        // startup parameter, which PgBouncer refuses (and would not apply to the server connection if told
        // to ignore it): behind a pooler the timeout is set on the database or role (docs/scaling.md).
        ...(config.dbPooler === 'pgbouncer' ? {} : { statement_timeout: config.dbStatementTimeoutMs }),
        // The same bound when the server cannot enforce it: a database whose network drops packets never
        // answers, and without a client-side limit a request would wait for TCP to give up (minutes).
        query_timeout: config.dbStatementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
        connectionTimeoutMillis: 3000,
        application_name: 'portal-server',
      },
      pool: { min: 0, max: config.dbPoolMax },
      // An error's message names the statement, never its bound values (emails, addresses, token hashes).
      compileSqlOnError: false,
      acquireConnectionTimeout: 5000,
      ...(log ? { log } : {}),
    });
    if (config.dbPooler === 'pgbouncer') runUnprepared(instance);
    return { knex: instance, pglite: undefined, kind: 'postgres', close: () => instance.destroy() };
  }

  const dir = config.database.dir;
  let lock: EmbeddedLock | undefined;
  if (dir !== 'memory://') {
    mkdirSync(dir, { recursive: true });
    lock = lockEmbeddedDatabase(dir, owner);
  }
  let pglite: PGlite;
  let ClientPgLite: unknown;
  try {
    const driver = await loadEmbeddedDriver();
    ClientPgLite = driver.ClientPgLite;
    pglite = new driver.PGlite(dir === 'memory://' ? undefined : dir);
    await pglite.waitReady;
    await pglite.exec(`SET statement_timeout = ${Number(config.dbStatementTimeoutMs)}`);
  } catch (err) {
    lock?.release();
    throw err;
  }
  const instance = knex({
    client: ClientPgLite as unknown as typeof knex.Client,
    dialect: 'postgres',
    // knex-pglite takes an existing instance through a connection function (its README, 0.13.0).
    connection: () => ({ pglite }) as object,
    compileSqlOnError: false,
    ...(log ? { log } : {}),
  });
  return {
    knex: instance,
    pglite,
    kind: 'pglite',
    lock,
    close: async () => {
      await instance.destroy(); // knex-pglite closes the instance it was given, but not always
      if (!pglite.closed) await pglite.close();
      lock?.release();
    },
  };
}

interface KnexQuery {
  options?: { name?: string };
}

/**
 * Drops the name of every statement (prepared-statement.ts), so each is parsed and planned where it runs.
 * PgBouncer 1.18 in transaction pooling runs each transaction on whichever server connection is free,
 * where a statement prepared on another connection does not exist.
 */
function runUnprepared(instance: Knex): void {
  const client = instance.client as { _query(connection: unknown, query: KnexQuery): Promise<unknown> };
  const run = client._query.bind(client);
  client._query = (connection, query) => {
    // knex builds `options` afresh for every query (raw.js, toSQL), so it is this query's own to change.
    if (query.options) delete query.options.name;
    return run(connection, query);
  };
}

/**
 * The embedded database's driver, loaded only when it is used: it is a development dependency (the production
 * artifact and image run on PostgreSQL, and PGlite's 20 MB would be a third of the artifact).
 */
async function loadEmbeddedDriver(): Promise<{ PGlite: typeof PGlite; ClientPgLite: unknown }> {
  try {
    const [{ PGlite }, { default: ClientPgLite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('knex-pglite'),
    ]);
    return { PGlite, ClientPgLite };
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new ConfigError([
      'DATABASE_URL: required; this build carries no embedded database (a production artifact runs on PostgreSQL)',
    ]);
  }
}
