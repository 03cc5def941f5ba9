import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  accessTokenSettings,
  loadConfig,
  signAccessToken,
  verifyAccessToken,
} from '@portal/server/internals';

// `pnpm bench:tokens`: what verifying an access token costs per request of GET /me, ES256 (the default)
// against HS256 (JWT_SECRET), in the same run: a token met for the first time (a full signature check), and
// one verified before (the verified-token cache, which is what every later request of a client meets).
const TOKENS = Number(process.argv[2] ?? 2000);

const setups = {
  ES256: loadConfig({ NODE_ENV: 'test' }),
  HS256: loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0' }),
};

function microsPerCall(tokens: string[], verify: (token: string) => unknown): number {
  const start = performance.now();
  for (const token of tokens) if (!verify(token)) throw new Error('a token did not verify');
  return ((performance.now() - start) * 1000) / tokens.length;
}

const rows: string[] = [];
const results: Record<string, { firstUs: number; cachedUs: number }> = {};
for (const [alg, config] of Object.entries(setups)) {
  const settings = accessTokenSettings(config);
  const subject = () => ({
    userId: randomUUID(),
    tenantId: randomUUID(),
    clientId: randomUUID(),
    sessionId: randomUUID(),
  });
  const warm = Array.from({ length: 200 }, () => signAccessToken(settings, subject()).accessToken);
  microsPerCall(warm, (t) => verifyAccessToken(settings, t));
  const tokens = Array.from({ length: TOKENS }, () => signAccessToken(settings, subject()).accessToken);
  const firstUs = microsPerCall(tokens, (t) => verifyAccessToken(settings, t));
  const cachedUs = microsPerCall(tokens, (t) => verifyAccessToken(settings, t));
  results[alg] = { firstUs, cachedUs };
  rows.push(`| ${alg} | ${firstUs.toFixed(1)} µs | ${cachedUs.toFixed(2)} µs |`);
}
const es = results.ES256 as { firstUs: number; cachedUs: number };
const hs = results.HS256 as { firstUs: number; cachedUs: number };
process.stdout.write(
  [
    `Access token verification, ${TOKENS} tokens, Node ${process.version}`,
    '',
    '| algorithm | first time (signature checked) | verified before (cache) |',
    '| --------- | ------------------------------ | ----------------------- |',
    ...rows,
    '',
    `ES256 / HS256, first time: ${(es.firstUs / hs.firstUs).toFixed(1)}x; verified before: ${(es.cachedUs / hs.cachedUs).toFixed(1)}x`,
    '',
  ].join('\n'),
);
