import { loadConfig } from '@portal/server';
import { composeServices, openDatabase, type Principal, ProblemError } from '@portal/server/internals';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { listenUntilSigterm } from './baseline-process.js';

/*
 * Baseline (b): bare Express 5 with the JSON body parser, calling the server's own operation handlers, so
 * each route runs the same SQL through the same knex pool (same environment, so the same pool size and
 * settings). What it leaves out: helmet, request logging and ids, express-openapi-validator (routing,
 * request validation, the security handler), JWT verification, problem+json errors.
 *
 * The protected reads' handlers check in their own statement that the token's user, tenant and session
 * are still live (as in the server, where the bearer guard then only verifies the token): one statement
 * per request here too.
 */
const config = loadConfig(process.env);
const database = await openDatabase(config);
const db = database.knex;
// The server's own handlers, wired as the server wires them.
const { handlers } = composeServices(config, db);
// Who is asking, decoded once by the runner from the bench user's access token: there is no auth here.
const principal = JSON.parse(process.env.BENCH_PRINCIPAL as string) as Principal;

type Handler = (ctx: never) => Promise<{ status: number; body?: unknown }>;

// The handlers read only these fields of their context (no logger, no request object).
const contextOf = (req: Request) =>
  ({
    body: req.body,
    query: req.query,
    principal,
    ip: req.ip ?? '',
    userAgent: req.get('user-agent'),
  }) as never;

function send(res: Response, result: { status: number; body?: unknown }) {
  if (result.body === undefined) res.status(result.status).end();
  else res.status(result.status).json(result.body);
}

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json());
app.get('/readyz', (_req, res) => {
  res.json({ status: 'ready' });
});

const protectedRoutes: [string, Handler][] = [
  ['/api/v1/portal/me', handlers.getMe as Handler],
  ['/api/v1/portal/client', handlers.getClient as Handler],
  ['/api/v1/portal/scopes', handlers.getScopes as Handler],
  ['/api/v1/portal/dashboard/stats', handlers.getDashboardStats as Handler],
];
for (const [path, handler] of protectedRoutes) {
  app.get(path, async (req, res) => {
    send(res, await handler(contextOf(req)));
  });
}
const publicRoutes: [string, Handler][] = [
  ['/api/v1/portal/auth/request-magic-link', handlers.requestMagicLink as Handler],
  ['/api/v1/portal/auth/validate', handlers.validateMagicLink as Handler],
  ['/api/v1/portal/auth/refresh', handlers.refreshSession as Handler],
];
for (const [path, handler] of publicRoutes) {
  app.post(path, async (req, res) => {
    send(res, await handler(contextOf(req)));
  });
}

const onError: ErrorRequestHandler = (err, _req, res, _next) => {
  if (!(err instanceof ProblemError)) process.stderr.write(`${String(err?.stack ?? err)}\n`);
  res.status(err instanceof ProblemError ? err.status : 500).end();
};
app.use(onError);
listenUntilSigterm(app, () => database.close());
