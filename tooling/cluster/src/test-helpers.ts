import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPortalClient } from '@portal/client';
import type { Cluster } from './cluster.js';

export const ADA = 'ada@example.com';

export interface Session {
  accessToken: string;
  refreshToken: string;
}

export const bearer = (session: Session) => ({ authorization: `Bearer ${session.accessToken}` });

export async function signIn(cluster: Cluster, count: number): Promise<Session[]> {
  const sessions: Session[] = [];
  for (let i = 0; i < count; i++) {
    const portal = createPortalClient({ baseUrl: cluster.url });
    const previous = await latestToken(cluster.mailDir, ADA);
    await portal.auth.requestMagicLink({ email: ADA, tenantCode: 'demo' });
    const token = await waitFor(async () => {
      const latest = await latestToken(cluster.mailDir, ADA);
      return latest !== previous ? latest : undefined;
    });
    sessions.push(await portal.auth.validate({ token }));
  }
  return sessions;
}

/** The token of the newest .eml in `dir` to `email` (file names start with the time of writing). */
export async function latestToken(dir: string, email: string): Promise<string | undefined> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  for (const file of files.reverse()) {
    const mail = (await readFile(path.join(dir, file), 'utf8')).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const token = /#token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(mail)?.[1];
    if (token && mail.toLowerCase().includes(`to: ${email}`)) return token;
  }
  return undefined;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
