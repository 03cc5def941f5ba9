import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The SDK's size as its own size script measures it (built ESM entry with openapi-fetch, minified). */
export function sdkSize(): { minifiedKb: number; gzippedKb: number; line: string } {
  const clientDir = path.dirname(fileURLToPath(import.meta.resolve('@portal/client/package.json')));
  const line = execFileSync(process.execPath, ['scripts/size.mjs'], {
    cwd: clientDir,
    encoding: 'utf8',
  }).trim();
  const [minified, gzipped] = [...line.matchAll(/([\d.]+) KB/g)].map((m) => Number(m[1]));
  return { minifiedKb: minified ?? Number.NaN, gzippedKb: gzipped ?? Number.NaN, line };
}
