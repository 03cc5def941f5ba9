import { loadConfig } from '@portal/server';
import express from 'express';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { answer500, listenUntilSigterm } from './baseline-process.js';
import { ME_COLUMNS, meBody } from './me-body.js';
import { serverVerifyingKey } from './server-key.js';

/*
 * Baseline (d): GET /me as a backend developer would write it by hand. Express 5, a pg pool, jsonwebtoken
 * verifying the token with the server's key and pinned algorithm, and one primary-key query of the user
 * joined with its client. Unlike (c) no liveness check: a token stands until it expires, however its
 * sign-in, user, client or tenant changed meanwhile. No validation, logging, security headers or problem
 * bodies. ETag and X-Powered-By are off, as in the other baselines and the server, so the answers carry
 * the same bytes of work.
 */
const config = loadConfig(process.env);
const { key, options } = serverVerifyingKey(config);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: config.dbPoolMax });

const ME = `SELECT ${ME_COLUMNS}
  FROM portal_users u
  JOIN clients c ON c.id = u.client_id
 WHERE u.id = $1`;

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get('/readyz', (_req, res) => {
  res.json({ status: 'ready' });
});
app.get('/api/v1/portal/me', async (req, res) => {
  let userId: string | undefined;
  try {
    userId = (jwt.verify(req.headers.authorization?.slice(7) ?? '', key, options) as jwt.JwtPayload).sub;
  } catch {
    // not a valid token of ours: userId stays undefined
  }
  if (!userId) return void res.status(401).end();
  const { rows } = await pool.query(ME, [userId]);
  if (!rows[0]) return void res.status(404).end();
  res.json(meBody(rows[0]));
});
app.use(answer500);
listenUntilSigterm(app, () => pool.end());
