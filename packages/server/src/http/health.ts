import { Router } from 'express';
import type { Knex } from 'knex';

/** Whether the instance is shutting down: set on SIGTERM, read by `/readyz`. */
export interface Readiness {
  readonly draining: boolean;
  drain(): void;
}

export function createReadiness(): Readiness {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    drain: () => {
      draining = true;
    },
  };
}

/**
 * Probes outside the versioned API: `/healthz` says the process serves HTTP, `/readyz` that the database
 * answers too (load balancers stop routing to an instance whose database is gone) and that the instance is
 * not shutting down (so the balancer takes it out while it still serves, before it closes).
 */
export function healthRoutes(
  db: Knex,
  readiness: Readiness = createReadiness(),
  readinessTimeoutMs = 2000,
): Router {
  const router = Router();
  // While draining, each answer closes its connection: a client (the balancer) that keeps connections alive
  // opens its next one to an instance that stays, instead of finding this one closed under a request.
  router.use((_req, res, next) => {
    if (readiness.draining) res.setHeader('Connection', 'close');
    next();
  });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    if (readiness.draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
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
