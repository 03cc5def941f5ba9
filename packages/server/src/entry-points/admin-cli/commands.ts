import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { importFile } from '../../admin/import/import-file.js';
import { removeAvatar, setAvatar } from '../../admin/manage-avatars.js';
import { activateClient, createClient, deactivateClient } from '../../admin/manage-clients.js';
import { listUserSessions, revokeUserSessions } from '../../admin/manage-sessions.js';
import {
  activateTenant,
  createTenant,
  deactivateTenant,
  setTenantSections,
} from '../../admin/manage-tenants.js';
import { activateUser, createUser, deactivateUser } from '../../admin/manage-users.js';
import { seedDemo } from '../../admin/seed-demo.js';
import { migrateToLatest, migrationStatus, unlockMigrations } from '../../db/migrate.js';
import { AdminError, EXIT } from '../../errors/admin-error.js';
import { KEYS_USAGE } from './key-usage.js';

/** A command line, checked and ready to run against a database; its result is printed as JSON. */
export type ParsedCommand = (db: Knex) => Promise<unknown>;

/** A command line's values, after the checks: required options and positionals are present. */
interface Args {
  get(option: string): string;
  optional(option: string): string | undefined;
  /** An option that names a file, resolved against the working directory. */
  file(option: string): string;
  flag(option: string): boolean;
  positional(index: number): string;
}

interface CommandSpec {
  usage: string;
  options: Record<string, { type: 'string' | 'boolean' }>;
  required: string[];
  positionals: number;
  run(args: Args): ParsedCommand;
}

const string = { type: 'string' } as const;

/** Every command of `portal-admin`, by its words. */
const COMMANDS: Record<string, CommandSpec> = {
  import: {
    usage: 'import FILE',
    options: {},
    required: [],
    positionals: 1,
    run: (a) => (db) => importFile(db, a.positional(0)),
  },
  migrate: {
    usage: 'migrate            (applies pending migrations; the production deployment step)',
    options: {},
    required: [],
    positionals: 0,
    run: () => async (db) => ({ applied: await migrateToLatest(db) }),
  },
  'migrate status': {
    usage: 'migrate status     (applied and pending migrations; exit 0 either way)',
    options: {},
    required: [],
    positionals: 0,
    run: () => (db) => migrationStatus(db),
  },
  'migrate unlock': {
    usage: 'migrate unlock     (frees the lock a migrator killed mid-way left held; only when none runs)',
    options: {},
    required: [],
    positionals: 0,
    run: () => async (db) => {
      await unlockMigrations(db);
      return { unlocked: true };
    },
  },
  'seed-demo': {
    usage: 'seed-demo [--if-absent]',
    options: { 'if-absent': { type: 'boolean' } },
    required: [],
    positionals: 0,
    run: (a) => (db) => seedDemo(db, { ifAbsent: a.flag('if-absent') }),
  },
  'tenant create': {
    usage: 'tenant create --code CODE --name NAME --currency EUR [--sections finance,support,configurator]',
    options: { code: string, name: string, currency: string, sections: string },
    required: ['code', 'name', 'currency'],
    positionals: 0,
    run: (a) => (db) =>
      createTenant(db, {
        code: a.get('code'),
        name: a.get('name'),
        currency: a.get('currency'),
        sections: a.optional('sections') ?? '',
      }),
  },
  'tenant sections': {
    usage: 'tenant sections --code CODE --sections finance,support   (the full new set; "" for none)',
    options: { code: string, sections: string },
    required: ['code', 'sections'],
    positionals: 0,
    run: (a) => (db) => setTenantSections(db, a.get('code'), a.get('sections')),
  },
  'tenant deactivate': {
    usage: 'tenant deactivate --code CODE     (ends every sign-in of its users; they cannot sign in)',
    options: { code: string },
    required: ['code'],
    positionals: 0,
    run: (a) => (db) => deactivateTenant(db, a.get('code')),
  },
  'tenant activate': {
    usage: 'tenant activate --code CODE       (its users may sign in again; ended sign-ins stay ended)',
    options: { code: string },
    required: ['code'],
    positionals: 0,
    run: (a) => (db) => activateTenant(db, a.get('code')),
  },
  'client create': {
    usage: 'client create --tenant CODE --name NAME [--email E] [--phone P]',
    options: { tenant: string, name: string, email: string, phone: string },
    required: ['tenant', 'name'],
    positionals: 0,
    run: (a) => (db) =>
      createClient(db, {
        tenant: a.get('tenant'),
        name: a.get('name'),
        email: a.optional('email'),
        phone: a.optional('phone'),
      }),
  },
  'client deactivate': {
    usage: 'client deactivate --tenant CODE --client CLIENT_ID   (ends every sign-in of its users)',
    options: { tenant: string, client: string },
    required: ['tenant', 'client'],
    positionals: 0,
    run: (a) => (db) => deactivateClient(db, { tenant: a.get('tenant'), client: a.get('client') }),
  },
  'client activate': {
    usage: 'client activate --tenant CODE --client CLIENT_ID     (ended sign-ins stay ended)',
    options: { tenant: string, client: string },
    required: ['tenant', 'client'],
    positionals: 0,
    run: (a) => (db) => activateClient(db, { tenant: a.get('tenant'), client: a.get('client') }),
  },
  'user create': {
    usage: 'user create --tenant CODE --client CLIENT_ID --email E --first-name F --last-name L',
    options: { tenant: string, client: string, email: string, 'first-name': string, 'last-name': string },
    required: ['tenant', 'client', 'email', 'first-name', 'last-name'],
    positionals: 0,
    run: (a) => (db) =>
      createUser(db, {
        tenant: a.get('tenant'),
        client: a.get('client'),
        email: a.get('email'),
        firstName: a.get('first-name'),
        lastName: a.get('last-name'),
      }),
  },
  'avatar set': {
    usage: 'avatar set --tenant CODE (--email E | --client CLIENT_ID) --file PICTURE   (PNG, JPEG or WebP)',
    options: { tenant: string, email: string, client: string, file: string },
    required: ['tenant', 'file'],
    positionals: 0,
    run: (a) => (db) =>
      setAvatar(
        db,
        { tenant: a.get('tenant'), email: a.optional('email'), client: a.optional('client') },
        a.file('file'),
      ),
  },
  'avatar remove': {
    usage: 'avatar remove --tenant CODE (--email E | --client CLIENT_ID)',
    options: { tenant: string, email: string, client: string },
    required: ['tenant'],
    positionals: 0,
    run: (a) => (db) =>
      removeAvatar(db, { tenant: a.get('tenant'), email: a.optional('email'), client: a.optional('client') }),
  },
  'user deactivate': {
    usage: 'user deactivate --tenant CODE --email E   (ends every sign-in of the user)',
    options: { tenant: string, email: string },
    required: ['tenant', 'email'],
    positionals: 0,
    run: (a) => (db) => deactivateUser(db, { tenant: a.get('tenant'), email: a.get('email') }),
  },
  'user activate': {
    usage: 'user activate --tenant CODE --email E     (ended sign-ins stay ended)',
    options: { tenant: string, email: string },
    required: ['tenant', 'email'],
    positionals: 0,
    run: (a) => (db) => activateUser(db, { tenant: a.get('tenant'), email: a.get('email') }),
  },
  'sessions list': {
    usage: 'sessions list --tenant CODE --email E   (live sign-ins: id, device, coarse network, times)',
    options: { tenant: string, email: string },
    required: ['tenant', 'email'],
    positionals: 0,
    run: (a) => (db) => listUserSessions(db, { tenant: a.get('tenant'), email: a.get('email') }),
  },
  'sessions revoke': {
    usage:
      'sessions revoke --tenant CODE --email E (--id ID | --all)   (ends sign-ins; the user stays active)',
    options: { tenant: string, email: string, id: string, all: { type: 'boolean' } },
    required: ['tenant', 'email'],
    positionals: 0,
    run: (a) => {
      const target = { id: a.optional('id'), all: a.flag('all') };
      if (target.all === (target.id !== undefined)) {
        throw usageError(
          'Give exactly one of --id ID or --all.\nUsage: sessions revoke --tenant CODE --email E (--id ID | --all)',
        );
      }
      return (db) => revokeUserSessions(db, { tenant: a.get('tenant'), email: a.get('email'), ...target });
    },
  },
};

export const USAGE = [
  'Usage: pnpm portal-admin <command>',
  '',
  ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
  ...KEYS_USAGE.map((usage) => `  ${usage}`),
  '',
  "The database is the server's: DATABASE_URL, or the embedded one in PGLITE_DIR (default .data/pglite).",
  'Each command prints its result as one JSON object; errors go to stderr with a non-zero exit code.',
].join('\n');

/**
 * Checks a command line (words, options, file paths relative to `cwd`) before any database is opened, and
 * returns the command to run. Throws an AdminError (exit 64) that says what is wrong and shows the usage.
 */
export function parseCommand(argv: string[], cwd: string): ParsedCommand {
  // `tenant create`, `user deactivate`: two words when the first one names a group of commands.
  const words = Object.keys(COMMANDS).some((name) => name.startsWith(`${argv[0]} `)) ? 2 : 1;
  const name = argv.slice(0, words).join(' ');
  const spec = COMMANDS[name];
  if (!spec) {
    throw usageError(argv.length === 0 ? 'No command given.' : `Unknown command "${name}".`);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv.slice(words),
      options: spec.options,
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw usageError(`${(err as Error).message}\nUsage: ${spec.usage}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const missing = spec.required.filter((o) => values[o] === undefined);
  if (missing.length > 0) {
    throw usageError(`Missing ${missing.map((o) => `--${o}`).join(', ')}.\nUsage: ${spec.usage}`);
  }
  if (parsed.positionals.length !== spec.positionals) {
    throw usageError(
      `Expected ${spec.positionals} argument(s), got ${parsed.positionals.length}.\nUsage: ${spec.usage}`,
    );
  }
  const positionals = parsed.positionals.map((p) => path.resolve(cwd, p));
  const text = (option: string) => {
    const value = values[option];
    return typeof value === 'string' ? value : undefined;
  };
  return spec.run({
    get: (option) => text(option) ?? '',
    optional: text,
    file: (option) => path.resolve(cwd, text(option) ?? ''),
    flag: (option) => values[option] === true,
    positional: (index) => positionals[index] ?? '',
  });
}

function usageError(message: string): AdminError {
  return new AdminError(`${message}${message.includes('Usage:') ? '' : `\n\n${USAGE}`}`, EXIT.usage);
}
