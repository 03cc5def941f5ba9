import type { Knex } from 'knex';
import { AdminError, EXIT } from '../../errors/admin-error.js';
import { knownFailure, stackOf } from '../known-failure.js';
import type { ParsedCommand } from './commands.js';

/** Where a command writes: the process's streams, or buffers sent back to a forwarding `portal-admin`. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs a parsed command, prints its result as one line of JSON, and returns the exit code. */
export async function execute(command: ParsedCommand, db: Knex, out: Output, debug = false): Promise<number> {
  try {
    out.stdout(`${JSON.stringify(await command(db))}\n`);
    return EXIT.ok;
  } catch (err) {
    return report(err, out, debug);
  }
}

/**
 * Prints an error as the operator should read it (what to fix, in one line) and returns its exit code; the
 * stack only with `debug` (PORTAL_DEBUG=true), for a bug report.
 */
export function report(err: unknown, out: Output, debug = false): number {
  const stack = debug ? stackOf(err) : '';
  if (err instanceof AdminError) {
    out.stderr(`portal-admin: ${err.message}\n${err.problems.map((p) => `  ${p}\n`).join('')}${stack}`);
    return err.exitCode;
  }
  const known = knownFailure(err);
  if (known) {
    out.stderr(`portal-admin: ${known.message}\n${stack}`);
    return known.exitCode;
  }
  out.stderr(
    `portal-admin: unexpected error: ${err instanceof Error ? err.message : String(err)}\n${stack || '  (PORTAL_DEBUG=true prints its stack)\n'}`,
  );
  return EXIT.failure;
}
