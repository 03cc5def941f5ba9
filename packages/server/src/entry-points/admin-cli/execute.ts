import type { Knex } from 'knex';
import { ConfigError } from '../../config/config.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import { AdminError, EXIT } from '../../errors/admin-error.js';
import type { ParsedCommand } from './commands.js';

/** Where a command writes: the process's streams, or buffers sent back to a forwarding `portal-admin`. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs a parsed command, prints its result as one line of JSON, and returns the exit code. */
export async function execute(command: ParsedCommand, db: Knex, out: Output): Promise<number> {
  try {
    out.stdout(`${JSON.stringify(await command(db))}\n`);
    return EXIT.ok;
  } catch (err) {
    return report(err, out);
  }
}

/** Prints an error as the operator should read it (what to fix, never a stack) and returns its exit code. */
export function report(err: unknown, out: Output): number {
  if (err instanceof AdminError) {
    out.stderr(`portal-admin: ${err.message}\n${err.problems.map((p) => `  ${p}\n`).join('')}`);
    return err.exitCode;
  }
  if (err instanceof ConfigError) {
    out.stderr(`portal-admin: ${err.message}\n`);
    return EXIT.config;
  }
  if (isDatabaseUnavailable(err)) {
    out.stderr(
      `portal-admin: cannot reach the database (${(err as Error).message}). Check DATABASE_URL and that PostgreSQL is running.\n`,
    );
    return EXIT.unavailable;
  }
  out.stderr(`portal-admin: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT.failure;
}
