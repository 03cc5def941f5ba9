// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The published packages as a stranger gets them: each is packed by its own `pnpm pack` (of the `dist` its
 * own build made, with no other package built first), the tarballs are installed with plain npm into an empty
 * project outside the workspace (their dependencies from the registry), and every entry of each package's
 * exports map is loaded there as ESM, as CommonJS where it offers `require`, and type-checked by tsc. It lives
 * in the React package, the one that depends on the other two, so that turbo has built all three before it.
 */
const root = path.resolve(import.meta.dirname, '../../..');
/** The published packages, by folder: a new one is one more line. */
const PACKAGES = ['packages/client', 'packages/mocks', 'packages/react'];

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const work = mkdtempSync(path.join(tmpdir(), 'portal-packed-'));
const project = path.join(work, 'consumer');

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface Entry {
  /** What a consumer imports: `@portal/mocks/node`. */
  specifier: string;
  require: boolean;
}

/** The entries of a package's exports map, and whether each has a CommonJS build. */
function entriesOf(dir: string): Entry[] {
  const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
  return Object.entries(manifest.exports as Record<string, Record<string, unknown>>)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, conditions]) => ({
      specifier: `${manifest.name}${subpath.slice(1)}`,
      require: 'require' in conditions,
    }));
}

const entries = PACKAGES.flatMap(entriesOf);

beforeAll(() => {
  const tarballs = PACKAGES.map((dir) => {
    const out = mkdtempSync(path.join(work, 'pack-'));
    // Built already (turbo builds before testing); `prepack` would rebuild dist under other packages' tests.
    run('pnpm', ['pack', '--ignore-scripts', '--pack-destination', out], path.join(root, dir));
    const [tarball] = readdirSync(out).filter((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`pnpm pack of ${dir} wrote no tarball`);
    return path.join(out, tarball);
  });
  mkdirSync(project);
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  run('npm', ['install', ...tarballs, '--no-audit', '--no-fund', '--prefer-offline'], project);
}, 600_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the packed packages, installed with npm outside the workspace', { timeout: 180_000 }, () => {
  it('bring no other @portal package', () => {
    expect(readdirSync(path.join(project, 'node_modules', '@portal')).sort()).toEqual(
      PACKAGES.map((dir) => path.basename(dir)).sort(),
    );
  });

  it('load every entry as ESM, and as CommonJS where offered', () => {
    const esm = entries.map((e) => `Object.keys(await import(${JSON.stringify(e.specifier)})).length`);
    writeFileSync(path.join(project, 'load.mjs'), `console.log(JSON.stringify([${esm.join(', ')}]));`);
    const cjs = entries
      .filter((e) => e.require)
      .map((e) => `Object.keys(require(${JSON.stringify(e.specifier)})).length`);
    writeFileSync(path.join(project, 'load.cjs'), `console.log(JSON.stringify([${cjs.join(', ')}]));`);

    const esmExports = JSON.parse(run(process.execPath, ['load.mjs'], project)) as number[];
    const cjsExports = JSON.parse(run(process.execPath, ['load.cjs'], project)) as number[];
    expect(esmExports).toHaveLength(entries.length);
    expect(cjsExports).toHaveLength(entries.filter((e) => e.require).length);
    for (const count of [...esmExports, ...cjsExports]) expect(count).toBeGreaterThan(0);
  });

  it('sign Ada in: the SDK against the mocks, as ESM, with the error codes of the contract', () => {
    writeFileSync(
      path.join(project, 'story.mjs'),
      `import { createPortalClient, PortalApiError } from '@portal/client';
import { createMockServer, mailbox } from '@portal/mocks/node';

const server = createMockServer();
server.listen({ onUnhandledRequest: 'error' });
const portal = createPortalClient({ baseUrl: 'http://localhost:18080' });
const wrong = await portal.auth
  .verifyCode({ email: 'ada@example.com', tenantCode: 'demo', code: '2222-2222' })
  .catch((e) => e);
await portal.auth.requestMagicLink({ email: 'ada@example.com', tenantCode: 'demo' });
await portal.auth.validate({ token: mailbox.tokenFor('ada@example.com') });
const me = await portal.me();
server.close();
console.log(JSON.stringify({ wrong: wrong instanceof PortalApiError && wrong.code, name: me.firstName }));
`,
    );
    expect(JSON.parse(run(process.execPath, ['story.mjs'], project))).toEqual({
      wrong: 'code_invalid',
      name: 'Ada',
    });
  });

  it('type-check a consumer (NodeNext), typed from the contract', () => {
    const imports = entries.map((e, i) => `import * as entry${i} from '${e.specifier}';`);
    writeFileSync(
      path.join(project, 'usage.ts'),
      `${imports.join('\n')}
import type { PortalApiError, ProblemCode } from '@portal/client';

export const loaded = [${entries.map((_, i) => `entry${i}`).join(', ')}];
export const retry = (error: PortalApiError): ProblemCode | undefined => error.code;
// @ts-expect-error: not one of the contract's codes
export const wrong: ProblemCode = 'no_such_code';
`,
    );
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          // The consumer's own code; the declarations of msw and faker need Node's types, not installed here.
          skipLibCheck: true,
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          types: [],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
        },
        files: ['usage.ts'],
      }),
    );
    expect(() => run(process.execPath, [tsc, '-p', 'tsconfig.json'], project)).not.toThrow();
  });
});
