import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Packs the built package as it would be published, installs the tarball into an empty project with npm
// (openapi-fetch comes from the registry), then type-checks and runs a consumer's code there.
const packageDir = path.resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const work = mkdtempSync(path.join(tmpdir(), 'portal-client-tarball-'));
const project = path.join(work, 'consumer');

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  // Built already (turbo builds before testing); `prepack` would rebuild dist under other packages' tests.
  run('pnpm', ['pack', '--ignore-scripts', '--pack-destination', work], packageDir);
  const [tarball] = readdirSync(work).filter((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack wrote no tarball');
  cpSync(path.join(import.meta.dirname, 'consumer'), project, { recursive: true });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  run('npm', ['install', path.join(work, tarball), '--no-audit', '--no-fund', '--prefer-offline'], project);
}, 180_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const tsconfig = (moduleResolution: 'NodeNext' | 'Bundler') => ({
  compilerOptions: {
    strict: true,
    noEmit: true,
    // The published declarations themselves are checked, not skipped.
    skipLibCheck: false,
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    types: [],
    module: moduleResolution === 'NodeNext' ? 'NodeNext' : 'ESNext',
    moduleResolution,
  },
  files: moduleResolution === 'NodeNext' ? ['usage.ts', 'usage.cts'] : ['usage.ts'],
});

// tsc over the whole published declarations takes seconds, many more on a busy machine.
describe('the packed tarball', { timeout: 120_000 }, () => {
  it('holds the built files and depends on openapi-fetch only', () => {
    const installed = path.join(project, 'node_modules', '@portal', 'client');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));

    expect(Object.keys(manifest.dependencies)).toEqual(['openapi-fetch']);
    expect(manifest.sideEffects).toBe(false);
    // The two entries, and the chunk they share.
    const entries = ['index', 'server'].flatMap((entry) =>
      ['.cjs', '.cjs.map', '.d.cts', '.d.ts', '.js', '.js.map'].map((ext) => `${entry}${ext}`),
    );
    const files = readdirSync(path.join(installed, 'dist'));
    expect(files.filter((file) => !file.startsWith('create-portal-client-')).sort()).toEqual(entries.sort());
    expect(files.filter((file) => file.startsWith('create-portal-client-'))).toHaveLength(6);
    expect(existsSync(path.join(project, 'node_modules', '@portal', 'contract'))).toBe(false);
  });

  it.each(['NodeNext', 'Bundler'] as const)(
    'type-checks a consumer with %s module resolution',
    (resolution) => {
      const config = path.join(project, `tsconfig.${resolution}.json`);
      writeFileSync(config, JSON.stringify(tsconfig(resolution)));

      expect(() => run(process.execPath, [tsc, '-p', config], project)).not.toThrow();
    },
  );

  it('loads as ESM and as CommonJS in Node', () => {
    expect(JSON.parse(run(process.execPath, ['run.mjs'], project))).toEqual({
      configurator: true,
      finance: false,
      support: true,
      url: 'https://portal.example/api/v1/portal/scopes',
    });
    expect(run(process.execPath, ['run.cjs'], project).trim()).toBe('true 401 function');
  });
});
