import { startCluster } from './cluster.js';
import { measure } from './measure.js';

// `pnpm cluster`: starts the local cluster, prints its addresses, and stops everything on Ctrl-C or SIGTERM.
// `pnpm cluster --measure`: the same, measures one against three instances (measure.ts), and stops.
// A start that fails has already stopped what it started and dropped its database (cluster.ts).
const cluster = await startCluster({
  postgresUrl: process.env.POSTGRES_URL ?? process.env.TEST_DATABASE_URL,
  log: process.env.CLUSTER_VERBOSE ? (line) => process.stderr.write(`${line}\n`) : undefined,
}).catch((err: unknown) => {
  process.stderr.write(`the cluster did not start (everything it started is stopped): ${String(err)}\n`);
  process.exit(1);
});
process.stdout.write(
  [
    `balancer (HAProxy):   ${cluster.url}`,
    `pooler (PgBouncer):   ${cluster.poolerUrl}`,
    `database (direct):    ${cluster.databaseUrl}`,
    ...cluster.instances.map((i) => `instance ${i.name}:     ${i.url}`),
    `mail (outbox worker): ${cluster.mailDir}`,
    'Ctrl-C stops everything.',
    '',
  ].join('\n'),
);
if (process.argv.includes('--measure')) {
  try {
    const token = await signInForMeasure(cluster.url);
    process.stdout.write(`${await measure(cluster, token)}\n`);
  } finally {
    await cluster.stop();
  }
  process.exit(0);
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  cluster.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`stopping failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/** An access token of the demo user, through the API like a person (the link from the mail file). */
async function signInForMeasure(url: string): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const res = await fetch(`${url}/api/v1/portal/auth/request-magic-link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ada@example.com', tenantCode: 'demo' }),
  });
  if (res.status !== 204) throw new Error(`request-magic-link answered ${res.status}`);
  for (let attempt = 0; attempt < 200; attempt++) {
    for (const file of await readdir(cluster.mailDir)) {
      const mail = (await readFile(path.join(cluster.mailDir, file), 'utf8'))
        .replace(/=\r?\n/g, '')
        .replace(/=3D/g, '=');
      const token = /#token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(mail)?.[1];
      if (!token) continue;
      const validated = await fetch(`${url}/api/v1/portal/auth/validate?token=${token}`, { method: 'POST' });
      if (validated.status === 200) return ((await validated.json()) as { accessToken: string }).accessToken;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no sign-in mail');
}
