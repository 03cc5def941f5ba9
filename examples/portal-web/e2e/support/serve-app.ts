import path from 'node:path';
import { type PreviewServer, preview } from 'vite';

const APP_ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a build of the app with `vite preview` on a free port: `dist` (mode production), proxying `/api`
 * to `apiUrl`, or `dist-mock` (mode mock), where the mocks answer in the browser. `pnpm build` makes both.
 */
export async function serveApp(
  options: { mode: 'production'; apiUrl: string } | { mode: 'mock' },
): Promise<ServedApp> {
  const outDir = options.mode === 'mock' ? 'dist-mock' : 'dist';
  const server: PreviewServer = await preview({
    root: APP_ROOT,
    mode: options.mode,
    logLevel: 'warn',
    build: { outDir },
    preview: {
      host: '127.0.0.1',
      port: 0,
      proxy: options.mode === 'mock' ? {} : { '/api': { target: options.apiUrl } },
    },
  });
  const url = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!url) throw new Error('vite preview did not say where it listens');
  return { url, close: () => server.close() };
}
