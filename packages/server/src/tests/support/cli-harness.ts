import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { loadConfig } from '../../config/config.js';
import { openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { runCli } from '../../entry-points/admin-cli/run-cli.js';
import { createTestDatabase, type DatabaseKind } from '../../testing/test-database.js';

export interface CliDatabase {
  /** DATABASE_URL, or PGLITE_DIR and DATA_DIR of an embedded database on disk (as `pnpm start` uses). */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh database that survives between commands: PostgreSQL, or PGlite in a temporary directory. */
export async function createCliDatabase(kind: DatabaseKind): Promise<CliDatabase> {
  if (kind === 'postgres') return createTestDatabase(kind);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-cli-test-'));
  return {
    env: { PGLITE_DIR: path.join(dir, 'pglite'), DATA_DIR: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON object a successful command prints. */
  json(): Record<string, unknown>;
}

/** Runs `portal-admin ...argv` in this process, as `pnpm portal-admin` would, and captures what it prints. */
export async function cli(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(argv, {
    env: { NODE_ENV: 'test', ...env },
    cwd: process.cwd(),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { exitCode, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** Opens the database of `env` (migrated), runs `fn` on it, and closes it. */
export async function withDatabase<T>(env: Record<string, string>, fn: (db: Knex) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig({ NODE_ENV: 'test', ...env }));
  try {
    await migrateToLatest(database.knex);
    return await fn(database.knex);
  } finally {
    await database.close();
  }
}
