import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/*
 * Baseline (a): bare node:http answering each route with the very body the portal server gave for it,
 * from memory. No routing library, no parsing beyond draining the request: the ceiling of this machine.
 * BENCH_ANSWERS_FILE holds { "GET /api/v1/portal/me": { status, body }, ... } (body: JSON text or null).
 */
interface Answer {
  status: number;
  body: string | null;
}

const answers = JSON.parse(readFileSync(process.env.BENCH_ANSWERS_FILE as string, 'utf8')) as Record<
  string,
  Answer
>;

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const key = `${req.method} ${query < 0 ? url : url.slice(0, query)}`;
  const answer = key === 'GET /readyz' ? { status: 200, body: '{"status":"ready"}' } : answers[key];
  req.resume();
  req.on('end', () => {
    if (!answer) {
      res.writeHead(404).end();
    } else if (answer.body === null) {
      res.writeHead(answer.status).end();
    } else {
      res
        .writeHead(answer.status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(answer.body),
        })
        .end(answer.body);
    }
  });
}).listen(Number(process.env.PORT), process.env.HOST);
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
