// Measures what @portal/react adds to an app that already has React, TanStack Query and @portal/client: the
// built ESM entry bundled with openapi-react-query, minified and gzipped. Exits 1 over the budget. Run
// `pnpm build` first.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'tsdown';

const BUDGET_BYTES = 3 * 1024;
const SHARED = ['react', 'react/jsx-runtime', '@tanstack/react-query', '@portal/client'];

const outDir = await mkdtemp(path.join(tmpdir(), 'portal-react-size-'));
try {
  await build({
    config: false,
    entry: ['dist/index.js'],
    outDir,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    dts: false,
    sourcemap: false,
    logLevel: 'silent',
    deps: { alwaysBundle: ['openapi-react-query'], neverBundle: SHARED },
  });
  const [file] = (await readdir(outDir)).filter((name) => name.endsWith('.js'));
  if (!file) throw new Error(`no bundle was written to ${outDir}`);
  const code = (await readFile(path.join(outDir, file))).toString();
  const imported = [...code.matchAll(/from\s*["']([^"']+)["']/g)].map((m) => m[1]);
  const unexpected = imported.filter((name) => !SHARED.includes(name));
  if (unexpected.length > 0) throw new Error(`the bundle still imports ${unexpected.join(', ')}`);
  const gzipped = gzipSync(code, { level: 9 }).length;
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  console.log(
    `@portal/react with openapi-react-query: ${kb(code.length)} minified, ${kb(gzipped)} minified and ` +
      `gzipped, beside React, TanStack Query and @portal/client (budget ${kb(BUDGET_BYTES)})`,
  );
  if (gzipped > BUDGET_BYTES) {
    console.error(`over the size budget by ${gzipped - BUDGET_BYTES} bytes`);
    process.exitCode = 1;
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}
