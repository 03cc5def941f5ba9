import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type ProxyOptions } from 'vite';
import { contentSecurityPolicy } from './vite/content-security-policy';

// `vite` and `vite preview` proxy the API to the server, so the app calls it on its own origin: no CORS,
// and the session never crosses origins. `--mode mock` answers in the browser (MSW) and needs no proxy.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '');
  const target = env.PORTAL_API_PROXY ?? 'http://localhost:18080';
  const proxy: Record<string, ProxyOptions> | undefined =
    mode === 'mock' ? undefined : { '/api': { target } };
  return {
    plugins: [
      react(),
      contentSecurityPolicy({
        apiOrigin: env.VITE_PORTAL_API_URL ? new URL(env.VITE_PORTAL_API_URL).origin : undefined,
        mock: mode === 'mock',
      }),
    ],
    // MSW's service worker (`msw init mock-public`) ships in mock builds only.
    publicDir: mode === 'mock' ? 'mock-public' : false,
    // The server mails links to PORTAL_URL, http://localhost:5173 by default: stay on that port.
    server: { port: 5173, strictPort: true, proxy },
    preview: { port: 4173, proxy },
    // Mock builds carry faker, Ajv and the contract for the in-browser mocks: about 1 MB, on purpose.
    // Source maps only there: the production build is served as is, and a map would publish the source.
    build: { sourcemap: mode === 'mock', chunkSizeWarningLimit: mode === 'mock' ? 1200 : 500 },
  };
});
