import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const packageDir = path.resolve(import.meta.dirname, '..');
const built = (file: string) => readFileSync(path.join(packageDir, 'dist', file), 'utf8');
const EXTERNAL = [
  '@portal/client',
  '@tanstack/react-query',
  'openapi-react-query',
  'react',
  'react/jsx-runtime',
];

it('the built ESM and CommonJS entries bundle nothing: they import React, TanStack Query and the SDK', () => {
  const esmImports = [...built('index.js').matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
  const cjsRequires = [...built('index.cjs').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);

  expect(new Set(esmImports)).toEqual(new Set(EXTERNAL));
  expect(new Set(cjsRequires)).toEqual(new Set(EXTERNAL));
});

it('the hooks with openapi-react-query, minified and gzipped, stay within the 3 KB budget', () => {
  const report = execFileSync(process.execPath, ['scripts/size.mjs'], { cwd: packageDir, encoding: 'utf8' });

  expect(report).toMatch(/minified and gzipped/);
});
