import { createServer } from 'node:net';
import { loadConfig, type RunningServer, seedDemo, startServer } from '@portal/server';

/**
 * The real server on an in-memory embedded database holding the demo data (what `pnpm start` loads). Its
 * mail goes to `smtpUrl`, with links to `portalUrl`.
 */
export async function startDemoServer(options: {
  port: number;
  smtpUrl: string;
  portalUrl: string;
}): Promise<RunningServer> {
  const running = await startServer(
    loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      PGLITE_DIR: 'memory://',
      JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
      LOG_LEVEL: 'silent',
      SMTP_URL: options.smtpUrl,
      PORTAL_URL: options.portalUrl,
      OUTBOX_POLL_MS: '100',
    }),
  );
  await seedDemo(running.database.knex, { ifAbsent: false });
  return running;
}

/**
 * A port that was free a moment ago. The app must know the API's address and the API the app's (for its
 * mail links) before either starts; the app takes port 0 and the API this one.
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
