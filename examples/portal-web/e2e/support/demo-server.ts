import { createServer } from 'node:net';
import { startTestServer, type TestServer } from '@portal/server/testing';

/**
 * The real server on an in-memory embedded database holding the demo data (what `pnpm start` loads). Its
 * mail goes to `smtpUrl`, with links to `portalUrl`.
 */
export async function startDemoServer(options: {
  port: number;
  smtpUrl: string;
  portalUrl: string;
}): Promise<TestServer> {
  return startTestServer(
    'pglite',
    {
      PORT: String(options.port),
      SMTP_URL: options.smtpUrl,
      PORTAL_URL: options.portalUrl,
      OUTBOX_POLL_MS: '100',
    },
    { demoData: true },
  );
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
