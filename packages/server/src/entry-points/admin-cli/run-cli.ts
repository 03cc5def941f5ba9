import { type Env, loadConfig } from '../../config/config.js';
import { type Database, openDatabase } from '../../db/database.js';
import { EmbeddedDatabaseInUse } from '../../db/embedded-lock.js';
import { prepareSchema } from '../../db/migrate.js';
import { AdminError, EXIT } from '../../errors/admin-error.js';
import { createLogger } from '../../logging/create-logger.js';
import { debugRequested } from '../known-failure.js';
import { forwardCommand } from './admin-channel.js';
import { parseCommand, USAGE } from './commands.js';
import { execute, type Output, report } from './execute.js';
import { runKeysCommand } from './key-commands.js';

export interface CliContext extends Output {
  env: Env;
  cwd: string;
}

/**
 * `portal-admin ARGS`: checks the command line, opens the configured database (the server's: DATABASE_URL
 * or the embedded PGlite; the database settings are all it reads), brings its schema up to date (or, with MIGRATE_ON_START off, checks it is) and
 * runs the command. When the server holds the
 * embedded database, the command is run by the server instead (see admin-channel.ts). Returns the exit code.
 */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  if (argv.length === 1 && ['help', '--help', '-h'].includes(argv[0] as string)) {
    ctx.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  // The key folder is files, not the database: these commands run here, whoever holds the database.
  if (argv[0] === 'keys') return runKeysCommand(argv.slice(1), ctx);
  const debug = debugRequested(ctx.env);
  try {
    const command = parseCommand(argv, ctx.cwd);
    const config = loadConfig(ctx.env, 'database-tool');
    // knex would print its connection errors with their stacks; the one-line report below says it all.
    const quiet = debug ? undefined : createLogger('silent');
    let database: Database;
    try {
      database = await openDatabase(config, quiet, 'portal-admin');
    } catch (err) {
      if (!(err instanceof EmbeddedDatabaseInUse)) throw err;
      if (!err.owner?.adminSocket) {
        throw new AdminError(err.message, EXIT.unavailable);
      }
      const reply = await forwardCommand(err.owner.adminSocket, argv, ctx.cwd);
      ctx.stdout(reply.stdout);
      ctx.stderr(reply.stderr);
      return reply.exitCode;
    }
    try {
      // The migrate commands manage the schema themselves; the others work on an up-to-date one.
      if (argv[0] !== 'migrate') await prepareSchema(database.knex, config.migrateOnStart);
      return await execute(command, database.knex, ctx, debug);
    } finally {
      await database.close();
    }
  } catch (err) {
    return report(err, ctx, debug);
  }
}
