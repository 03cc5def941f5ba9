import { createServer, type Server } from 'node:http';
import type { PortalCaller } from './portal-token-verifier.js';

/**
 * A downstream service in miniature: `GET /orders` answers the caller's tenant and client, taken only from
 * a verified Portal access token; anything else without one is 401 with the bearer challenge (RFC 6750, 3).
 */
export function createOrdersService(verify: (token: string) => Promise<PortalCaller | null>): Server {
  return createServer(async (req, res) => {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
    const caller = match?.[1] ? await verify(match[1]).catch(() => undefined) : null;
    if (caller === undefined) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"portal keys unavailable"}');
      return;
    }
    if (!caller) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="orders", error="invalid_token"' }).end();
      return;
    }
    if (req.method !== 'GET' || req.url !== '/orders') {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ tenantId: caller.tenantId, clientId: caller.clientId, orders: [] }));
  });
}
