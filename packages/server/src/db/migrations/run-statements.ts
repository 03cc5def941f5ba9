import type { Knex } from 'knex';

/**
 * Runs a script of SQL statements one by one. PGlite (through knex) runs each query as a prepared
 * statement, which may hold only one command; statements here end with `;` at the end of a line.
 */
export async function runStatements(knex: Knex, script: string): Promise<void> {
  const statements = script
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, '').trim().length > 0);
  for (const statement of statements) await knex.raw(statement);
}
