import autocannon from 'autocannon';
import { DATASET, largeUserEmail } from '../database/dataset.js';
import type { LoadResult, LoadSpec, Vary } from './load-spec.js';

/*
 * The load generator, a process of its own (run-load.ts starts it) so that it never shares an event loop
 * with what it measures. Reads a LoadSpec as JSON from argv, prints a LoadResult as JSON on stdout.
 */
const spec = JSON.parse(process.argv[2] as string) as LoadSpec;

function requestMaker(vary: Vary) {
  let n = 0;
  switch (vary.kind) {
    case 'fixed':
      return undefined;
    case 'email':
      return (req: autocannon.Request) => {
        const i = n++;
        const email = vary.known
          ? largeUserEmail(1 + (i % vary.knownUsers))
          : `nobody-${vary.tag}-${i}@large.example`;
        return { ...req, body: JSON.stringify({ email, tenantCode: DATASET.largeTenantCode }) };
      };
    case 'magic-link-token':
      return (req: autocannon.Request) => ({ ...req, path: `${spec.path}?token=${vary.prefix}${n++}` });
    case 'refresh-token':
      return (req: autocannon.Request) => ({
        ...req,
        body: JSON.stringify({ refreshToken: `${vary.prefix}${n++}` }),
      });
  }
}

const setupRequest = requestMaker(spec.vary);
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationSeconds }),
  requests: [
    {
      method: spec.method,
      path: spec.path,
      headers: spec.headers,
      ...(spec.vary.kind === 'fixed' && spec.vary.body !== undefined ? { body: spec.vary.body } : {}),
      ...(setupRequest ? { setupRequest } : {}),
    },
  ],
});

const statusCodes = Object.fromEntries(
  Object.entries(
    (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
  ).map(([code, { count }]) => [code, count]),
);
const output: LoadResult = {
  requestsPerSecond: result.requests.total / result.duration,
  requests: result.requests.total,
  latency: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.average,
  },
  errors: result.errors + result.timeouts + result.non2xx,
  non2xx: result.non2xx,
  statusCodes,
};
process.stdout.write(JSON.stringify(output));
