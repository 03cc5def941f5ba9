import { loadConfig } from '@portal/server';
import express, { type Response } from 'express';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { answer500, listenUntilSigterm } from './baseline-process.js';
import { ME_COLUMNS, meBody } from './me-body.js';
import { serverVerifyingKey } from './server-key.js';

/*
 * Baseline (c): what a careful hand-written service does for GET /me and GET /dashboard/stats, and no
 * more. Express 5, a pg pool, jsonwebtoken verifying the access token on every request with a KeyObject of
 * the server's own key and algorithm (taken from the server's configuration, as the server takes it), and
 * one hand-written statement per request that joins the same liveness conditions as the server's reads
 * (tokens/live-principal.ts: user active in its client, client and tenant active, session neither revoked
 * nor over).
 * The dashboard's predicates are those of the server's statement (features/profile/profile-repository.ts),
 * the ones its partial indexes are built on. No request validation, logging, security headers, request
 * ids or problem+json: 401 and 500 are bare statuses.
 */
const config = loadConfig(process.env);
const { key, options: verifyOptions } = serverVerifyingKey(config);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: config.dbPoolMax });

const LIVE = `EXISTS (
  SELECT 1 FROM portal_users live_u
    JOIN tenants live_t ON live_t.id = live_u.tenant_id
    JOIN clients live_c ON live_c.id = live_u.client_id AND live_c.tenant_id = live_u.tenant_id
    JOIN sessions live_s ON live_s.user_id = live_u.id AND live_s.tenant_id = live_u.tenant_id
   WHERE live_u.id = $1 AND live_u.tenant_id = $2 AND live_u.client_id = $3
     AND live_u.active AND live_c.active AND live_t.active
     AND live_s.id = $4 AND live_s.revoked_at IS NULL AND live_s.expires_at > $5)`;

const ME = `SELECT ${ME_COLUMNS}
  FROM portal_users u
  JOIN clients c ON c.id = u.client_id AND c.tenant_id = u.tenant_id
 WHERE u.id = $1 AND u.tenant_id = $2 AND u.client_id = $3 AND ${LIVE}`;

const DASHBOARD = `SELECT t.currency,
   (SELECT count(*)::int FROM orders o
      WHERE o.tenant_id = t.id AND o.client_id = $3
        AND o.status IN ('open', 'in_progress')) AS open_orders,
   (SELECT count(*)::int FROM estimates e
      WHERE e.tenant_id = t.id AND e.client_id = $3 AND e.status = 'sent'
        AND (e.valid_until IS NULL OR e.valid_until >= current_date)) AS pending_estimates,
   unpaid.unpaid_invoices, unpaid.outstanding_minor
 FROM tenants t
 CROSS JOIN LATERAL (
   SELECT count(*)::int AS unpaid_invoices,
          coalesce(sum(i.total_minor - i.paid_minor), 0)::text AS outstanding_minor
     FROM invoices i
    WHERE i.tenant_id = t.id AND i.client_id = $3
      AND i.status NOT IN ('draft', 'void') AND i.paid_minor < i.total_minor) unpaid
 WHERE t.id = $2 AND ${LIVE}`;

/** The token's claims as the statement's parameters, or null for anything not a valid token of ours. */
function parametersOf(authorization: string | undefined): unknown[] | null {
  if (!authorization?.startsWith('Bearer ')) return null;
  try {
    const claims = jwt.verify(authorization.slice(7), key, verifyOptions) as jwt.JwtPayload;
    return [claims.sub, claims.tid, claims.cid, claims.sid, new Date()];
  } catch {
    return null;
  }
}

// Two digits: the bench tenant's currency (EUR), as the server's minorToMajor gives it.
const major = (minor: string) => {
  const text = minor.padStart(3, '0');
  return Number(`${text.slice(0, -2)}.${text.slice(-2)}`);
};

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get('/readyz', (_req, res) => {
  res.json({ status: 'ready' });
});

function read(sql: string, answer: (row: Record<string, unknown>) => unknown) {
  return async (req: express.Request, res: Response) => {
    const values = parametersOf(req.headers.authorization);
    if (!values) return void res.status(401).end();
    const { rows } = await pool.query(sql, values);
    const row = rows[0];
    if (!row) return void res.status(401).end();
    res.json(answer(row));
  };
}

app.get('/api/v1/portal/me', read(ME, meBody));
app.get(
  '/api/v1/portal/dashboard/stats',
  read(DASHBOARD, (r) => ({
    currency: r.currency,
    openOrders: r.open_orders,
    pendingEstimates: r.pending_estimates,
    unpaidInvoices: r.unpaid_invoices,
    totalOutstanding: major(r.outstanding_minor as string),
  })),
);
app.use(answer500);
listenUntilSigterm(app, () => pool.end());
