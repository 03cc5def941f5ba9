import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const packageDir = path.resolve(import.meta.dirname, '..');
const built = (file: string) => readFileSync(path.join(packageDir, 'dist', file), 'utf8');

it('the built ESM and CommonJS entries import openapi-fetch and nothing else', () => {
  const esmImports = [...built('index.js').matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
  const cjsRequires = [...built('index.cjs').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);

  expect(esmImports).toEqual(['openapi-fetch']);
  expect(cjsRequires).toEqual(['openapi-fetch']);
});

it('the declarations inline the contract: they import openapi-fetch and nothing else', () => {
  for (const file of ['index.d.ts', 'index.d.cts']) {
    const imports = [...built(file).matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(['openapi-fetch']));
  }
});

it('the bundle with openapi-fetch, minified and gzipped, stays within the 8 KB budget', () => {
  const report = execFileSync(process.execPath, ['scripts/size.mjs'], { cwd: packageDir, encoding: 'utf8' });

  expect(report).toMatch(/minified and gzipped/);
});
