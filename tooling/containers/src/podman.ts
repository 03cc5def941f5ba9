import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO = path.resolve(HERE, '../..');
export const IMAGE = 'localhost/portal-server';
/** The final stage's base; Node comes from the build stage's node:24-bookworm-slim, without npm. */
export const BASE_IMAGE = 'docker.io/library/debian:bookworm-slim';
export const MAIL_CATCHER_IMAGE = 'localhost/portal-mail-catcher';

// This folder's containers.conf (runc, no default ulimits, no pids limit), for these runs only.
const podmanEnv = { ...process.env, CONTAINERS_CONF: path.join(HERE, 'containers.conf') };

const run = promisify(execFile);

/** Runs podman (or podman-compose) and answers its stdout; throws with stderr when it fails. */
export async function podman(args: string[], { tool = 'podman', env = {} } = {}): Promise<string> {
  const { stdout } = await run(tool, args, {
    env: { ...podmanEnv, ...env },
    cwd: REPO,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/** Runs podman and answers its exit code and output, whatever the code. */
export function podmanStatus(args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('podman', args, { env: podmanEnv, encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout.trim(), stderr: result.stderr };
}

/**
 * Whether the container tests can run here: asked for (CONTAINER_TESTS=1, as .ci/run does once per run),
 * with PostgreSQL for the image's tests, podman installed and prepare.sh's images built.
 */
export function containerTestsEnabled(): boolean {
  if (process.env.CONTAINER_TESTS !== '1') return false;
  if (!existsSync('/usr/bin/podman')) return false;
  return podmanStatus(['image', 'exists', IMAGE]).status === 0;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it answers something other than undefined. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: nothing within ${timeoutMs} ms`);
    await sleep(50);
  }
}

interface CaughtMail {
  to: string[];
  data: string;
}

/** The sign-in token of the newest mail to `email` that the mail catcher at `url` holds, if any. */
export async function tokenFromCatcher(url: string, email: string): Promise<string | undefined> {
  const mails = (await (await fetch(`${url}/messages`)).json()) as CaughtMail[];
  for (const mail of mails.reverse()) {
    if (!mail.to.includes(email)) continue;
    // Quoted-printable: soft line breaks and the escaped `=`.
    const text = mail.data.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const token = /#token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(text)?.[1];
    if (token) return token;
  }
  return undefined;
}

/** A mail sealing key ring of one fresh key, as MAIL_KEYS wants it. */
export function freshMailKeys(): string {
  const key = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  return `m1:${key}`;
}
