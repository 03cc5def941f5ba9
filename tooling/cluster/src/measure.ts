import type { Cluster } from './cluster.js';

/*
 * `pnpm cluster --measure`: throughput and p99 of `GET /api/v1/portal/me` directly on one instance, through
 * HAProxy to three instances, and through HAProxy to one, in the same run, so that only ratios are read.
 * The load generator runs on the same cores as everything else: on a small machine this measures the cost
 * of the extra hops (balancer, pooler), not the capacity three machines would add.
 */

interface Figures {
  label: string;
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
}

const CONCURRENCY = 16;
const SECONDS = 5;

export async function measure(cluster: Cluster, accessToken: string): Promise<string> {
  const headers = { authorization: `Bearer ${accessToken}` };
  const run = async (label: string, baseUrl: string): Promise<Figures> => {
    await load(`${baseUrl}/api/v1/portal/me`, headers, 1); // warm-up
    const { latencies, errors } = await load(`${baseUrl}/api/v1/portal/me`, headers, SECONDS);
    latencies.sort((a, b) => a - b);
    return {
      label,
      requestsPerSecond: latencies.length / SECONDS,
      p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? Number.NaN,
      errors,
    };
  };
  const direct = await run('one instance, direct', cluster.instances[0]?.url as string);
  const three = await run('three instances through HAProxy', cluster.url);
  const pool = await cluster.poolFigures();
  for (let i = 1; i < cluster.instances.length; i++) await cluster.stopInstance(i, 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const one = await run('one instance through HAProxy', cluster.url);
  const rows = [direct, one, three].map(
    (f) =>
      `| ${f.label} | ${f.requestsPerSecond.toFixed(0)} | ${(f.requestsPerSecond / direct.requestsPerSecond).toFixed(2)} | ${f.p99Ms.toFixed(1)} | ${(f.p99Ms / direct.p99Ms).toFixed(2)}x | ${f.errors} |`,
  );
  return [
    `GET /me, ${CONCURRENCY} concurrent, ${SECONDS} s each`,
    '| target | req/s | vs direct | p99 ms | vs direct | errors |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    `PgBouncer after the three-instance run: ${pool.clientConnections} client connections, ${pool.serverConnections} server connections`,
  ].join('\n');
}

async function load(url: string, headers: Record<string, string>, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        try {
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
          if (res.status === 200) latencies.push(performance.now() - started);
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors };
}
