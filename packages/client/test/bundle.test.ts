import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const packageDir = path.resolve(import.meta.dirname, '..');
const built = (file: string) => readFileSync(path.join(packageDir, 'dist', file), 'utf8');

// The two entries (`.` and `./server`) share a chunk of this package's own code: relative imports.
const files = (ext: RegExp) => readdirSync(path.join(packageDir, 'dist')).filter((file) => ext.test(file));
const packagesImported = (specifiers: (string | undefined)[]) =>
  new Set(specifiers.filter((s) => s !== undefined && !s.startsWith('./')));

it('the built ESM and CommonJS files import openapi-fetch and nothing else', () => {
  const esm = files(/\.js$/).flatMap((f) =>
    [...built(f).matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]),
  );
  const cjs = files(/\.cjs$/).flatMap((f) =>
    [...built(f).matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]),
  );

  expect(files(/\.js$/)).toContain('index.js');
  expect(packagesImported(esm)).toEqual(new Set(['openapi-fetch']));
  expect(packagesImported(cjs)).toEqual(new Set(['openapi-fetch']));
});

it('the declarations inline the contract: they import openapi-fetch and nothing else', () => {
  const declarations = files(/\.d\.c?ts$/);
  expect(declarations).toEqual(
    expect.arrayContaining(['index.d.ts', 'index.d.cts', 'server.d.ts', 'server.d.cts']),
  );
  const imports = declarations.flatMap((f) => [...built(f).matchAll(/from "([^"]+)"/g)].map((m) => m[1]));
  expect(packagesImported(imports)).toEqual(new Set(['openapi-fetch']));
});

it('the bundle with openapi-fetch, minified and gzipped, stays within the 8 KB budget', () => {
  const report = execFileSync(process.execPath, ['scripts/size.mjs'], { cwd: packageDir, encoding: 'utf8' });

  expect(report).toMatch(/minified and gzipped/);
});
