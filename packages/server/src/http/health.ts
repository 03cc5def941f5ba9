import { Router } from 'express';
import type { Knex } from 'knex';

/**
 * Probes outside the versioned API: `/healthz` says the process serves HTTP, `/readyz` that the database
 * answers too (load balancers stop routing to an instance whose database is gone).
 */
export function healthRoutes(db: Knex, readinessTimeoutMs = 2000): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    try {
      await withTimeout(db.raw('SELECT 1'), readinessTimeoutMs);
      res.json({ status: 'ready' });
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      res.status(503).set('Retry-After', '5').json({ status: 'unavailable' });
    }
  });
  return router;
}

function withTimeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
