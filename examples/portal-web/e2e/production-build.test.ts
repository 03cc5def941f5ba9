import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const APP_ROOT = path.resolve(import.meta.dirname, '..');
const outDir = mkdtempSync(path.join(tmpdir(), 'portal-web-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the production build of the web app', () => {
  it('ships no source maps, nor a reference to one, in the folder that is served', async () => {
    await build({ root: APP_ROOT, mode: 'production', logLevel: 'silent', build: { outDir } });
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' });
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const file of files.filter((name) => /\.(js|css)$/.test(name))) {
      expect(readFileSync(path.join(outDir, file), 'utf8')).not.toMatch(/sourceMappingURL=/);
    }
  }, 120_000);
});
