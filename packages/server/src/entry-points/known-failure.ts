import { ConfigError } from '../config/config.js';
import { SchemaLacksMigrations } from '../db/migrate.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { EXIT } from '../errors/admin-error.js';

/** A failure the operator can fix without reading code: its exit code and the one line that says what to fix. */
export interface KnownFailure {
  exitCode: number;
  message: string;
}

// SQLSTATE 3D000 (no such database), 28000 (no such role, or pg_hba.conf refuses it), 28P01 (wrong password).
const WRONG_DATABASE_SETTINGS = new Set(['3D000', '28000', '28P01']);

/**
 * What the exit code of a process or of portal-admin is for a failure it knows (docs/admin-cli.md), or
 * undefined for a bug. The same codes whoever meets the failure: the server, the worker, portal-admin.
 */
export function knownFailure(err: unknown): KnownFailure | undefined {
  if (err instanceof ConfigError) return { exitCode: EXIT.config, message: err.message };
  if (err instanceof SchemaLacksMigrations) return { exitCode: EXIT.schemaBehind, message: err.message };
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && WRONG_DATABASE_SETTINGS.has(code)) {
    return {
      exitCode: EXIT.config,
      message: `DATABASE_URL: ${(err as Error).message} (check the database, user and password it names)`,
    };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      exitCode: EXIT.unavailable,
      message: `cannot reach the database (${(err as Error).message}). Check DATABASE_URL and that PostgreSQL is running.`,
    };
  }
  return undefined;
}

/** PORTAL_DEBUG=true: failures are printed with their stack as well, for a bug report. */
export function debugRequested(env: Record<string, string | undefined>): boolean {
  return env.PORTAL_DEBUG === 'true';
}

/** The stack of `err`, as the lines printed after its one-line message. */
export function stackOf(err: unknown): string {
  return err instanceof Error && err.stack ? `${err.stack}\n` : '';
}
