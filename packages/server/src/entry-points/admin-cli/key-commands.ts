import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  addStandby,
  generateKeySet,
  listKeys,
  promoteStandby,
  retirePrevious,
} from '../../admin/manage-keys.js';
import { type Env, loadConfig } from '../../config/config.js';
import { AdminError, EXIT } from '../../errors/admin-error.js';
import { type Output, report } from './execute.js';
import { KEYS_USAGE } from './key-usage.js';

const STEPS = ['generate', 'list', 'add-standby', 'promote', 'retire'] as const;

/**
 * Runs `keys STEP [options]` on the key folder (--dir, else SIGNING_KEYS_DIR, else the development folder
 * DATA_DIR/keys); prints the set after the step as one JSON object. Returns the exit code.
 */
export function runKeysCommand(argv: string[], ctx: Output & { env: Env; cwd: string }): number {
  try {
    const step = argv[0] as (typeof STEPS)[number];
    if (!STEPS.includes(step)) {
      throw new AdminError(
        `${argv[0] ? `Unknown keys command "${argv[0]}".` : 'No keys command given.'}\nUsage:\n${KEYS_USAGE.map((u) => `  portal-admin ${u}`).join('\n')}`,
        EXIT.usage,
      );
    }
    let values: { dir?: string; kid?: string; force?: boolean };
    try {
      ({ values } = parseArgs({
        args: argv.slice(1),
        options: { dir: { type: 'string' }, kid: { type: 'string' }, force: { type: 'boolean' } },
        strict: true,
      }));
    } catch (err) {
      throw new AdminError(`${(err as Error).message}\nUsage: portal-admin keys ...`, EXIT.usage);
    }
    const config = loadConfig(ctx.env);
    const source = config.jwt.keys;
    const dir = values.dir
      ? path.resolve(ctx.cwd, values.dir)
      : source.kind === 'folder'
        ? source.dir
        : undefined;
    if (!dir) {
      throw new AdminError(
        'no key folder: give --dir DIR or set SIGNING_KEYS_DIR (JWT_SECRET alone is one HS256 key, nothing to rotate)',
        EXIT.usage,
      );
    }
    const keyStep = {
      dir,
      now: new Date(),
      force: values.force === true,
      times: {
        reloadMs: source.kind === 'folder' ? source.reloadMs : 0,
        accessTtlSeconds: config.jwt.accessTtlSeconds,
      },
    };
    const result =
      step === 'generate'
        ? generateKeySet(dir, keyStep.now)
        : step === 'list'
          ? listKeys(dir)
          : step === 'add-standby'
            ? addStandby(keyStep)
            : step === 'promote'
              ? promoteStandby(keyStep)
              : retirePrevious(keyStep, values.kid);
    ctx.stdout(`${JSON.stringify(result)}\n`);
    return EXIT.ok;
  } catch (err) {
    return report(err, ctx);
  }
}
