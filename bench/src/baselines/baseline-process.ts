import type { ErrorRequestHandler, Express } from 'express';

/** A bare 500 with the error on stderr: the hand-written baselines answer no problem bodies. */
export const answer500: ErrorRequestHandler = (err, _req, res, _next) => {
  process.stderr.write(`${String(err?.stack ?? err)}\n`);
  res.status(500).end();
};

/**
 * Listens on PORT and HOST, as the bench starts every target. On SIGTERM it closes the server and its
 * connections, then `release` (the baseline's pool), and exits 0, so that `node --cpu-prof` writes its profile.
 */
export function listenUntilSigterm(app: Express, release: () => Promise<unknown>): void {
  const server = app.listen(Number(process.env.PORT), process.env.HOST as string);
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    release().finally(() => process.exit(0));
  });
}
