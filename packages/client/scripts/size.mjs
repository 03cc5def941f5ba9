// Measures what an app downloads for the SDK: the built ESM entry bundled with openapi-fetch, minified
// and gzipped, as a bundler would ship it. Exits 1 over the budget. Run `pnpm build` first.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'tsdown';

const BUDGET_BYTES = 8 * 1024;

const outDir = await mkdtemp(path.join(tmpdir(), 'portal-client-size-'));
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
    deps: { alwaysBundle: ['openapi-fetch', 'openapi-typescript-helpers'] },
  });
  const [file] = (await readdir(outDir)).filter((name) => name.endsWith('.js'));
  if (!file) throw new Error(`no bundle was written to ${outDir}`);
  const code = await readFile(path.join(outDir, file));
  if (/from\s*["']|require\(/.test(code.toString())) throw new Error('the bundle still imports something');
  const gzipped = gzipSync(code, { level: 9 }).length;
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  console.log(
    `@portal/client with openapi-fetch: ${kb(code.length)} minified, ${kb(gzipped)} minified and gzipped ` +
      `(budget ${kb(BUDGET_BYTES)})`,
  );
  if (gzipped > BUDGET_BYTES) {
    console.error(`over the size budget by ${gzipped - BUDGET_BYTES} bytes`);
    process.exitCode = 1;
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}
