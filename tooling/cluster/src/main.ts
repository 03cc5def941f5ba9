import { startCluster } from './cluster.js';

// `pnpm cluster`: starts the local cluster, prints its addresses, and stops everything on Ctrl-C or SIGTERM.
const cluster = await startCluster({
  postgresUrl: process.env.POSTGRES_URL ?? process.env.TEST_DATABASE_URL,
  log: process.env.CLUSTER_VERBOSE ? (line) => process.stderr.write(`${line}\n`) : undefined,
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
