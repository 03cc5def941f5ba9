import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** The compiled portal server's entry point (what production runs: `node packages/server/dist/entry-points/server.js`). */
export const SERVER_SCRIPT = fileURLToPath(
  new URL('./entry-points/server.js', import.meta.resolve('@portal/server')),
);
export const BARE_HTTP_SCRIPT = fileURLToPath(new URL('../baselines/bare-http.js', import.meta.url));
export const BARE_EXPRESS_SCRIPT = fileURLToPath(new URL('../baselines/bare-express.js', import.meta.url));
export const BARE_PG_SCRIPT = fileURLToPath(new URL('../baselines/bare-pg.js', import.meta.url));
export const HAND_WRITTEN_ME_SCRIPT = fileURLToPath(
  new URL('../baselines/hand-written-me.js', import.meta.url),
);

/**
 * The environment of the server under test and of baseline (b): production mode on the bench database.
 * Departures from a production deployment, each because the bench would otherwise measure something else:
 * - RATE_LIMIT_*: 999999 per minute. All load comes from 127.0.0.1, so the defaults (30 per 15 minutes
 *   per IP) would answer 429 after a few requests; the limiters still count every request in the
 *   database, so their cost is measured. The defaults stay as they are.
 * - OUTBOX_WORKER=false and an SMTP_URL nobody listens on: mail is never sent on the request path; the
 *   worker would only add unrelated background work (and retries against a missing mail server).
 * - ACCESS_TOKEN_TTL_SECONDS=3600: one sign-in lasts the whole run.
 * - PORTAL_URL on https: production refuses sign-in links over http (no link is followed here).
 * Request logging stays on (LOG_LEVEL info, production's default), written to a file.
 */
export function benchEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: benchSecret,
    SMTP_URL: 'smtp://127.0.0.1:9',
    OUTBOX_WORKER: 'false',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    PORTAL_URL: 'https://portal.example',
    RATE_LIMIT_MAGIC_LINK_EMAIL: '999999/60',
    RATE_LIMIT_MAGIC_LINK_IP: '999999/60',
    RATE_LIMIT_VALIDATE_IP: '999999/60',
    RATE_LIMIT_REFRESH_IP: '999999/60',
    ...extra,
  };
}

const benchSecret = randomBytes(48).toString('base64url');
