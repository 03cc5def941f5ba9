import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, startServer } from '@portal/server';

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The real server on an embedded database in a temporary directory, with the demo data loaded the way
 * `pnpm start` loads it (`portal-admin seed-demo`). Its mail goes to `smtpUrl`, with links to `portalUrl`.
 */
export async function startDemoServer(options: {
  port: number;
  smtpUrl: string;
  portalUrl: string;
}): Promise<DemoServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portal-web-e2e-'));
  const env = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    DATA_DIR: dataDir,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
    LOG_LEVEL: 'silent',
    SMTP_URL: options.smtpUrl,
    PORTAL_URL: options.portalUrl,
    OUTBOX_POLL_MS: '100',
  };
  try {
    const cli = path.join(
      path.dirname(createRequire(import.meta.url).resolve('@portal/server')),
      'cli/main.js',
    );
    await promisify(execFile)(process.execPath, [cli, 'seed-demo'], { env: { ...process.env, ...env } });
    const running = await startServer(loadConfig(env));
    return {
      url: running.url,
      close: async () => {
        await running.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
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
