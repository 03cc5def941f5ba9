import type { Logger } from 'pino';
import type { Principal } from '../tokens/access-token.js';

declare global {
  namespace Express {
    interface Request {
      /** The request id, also sent back in `X-Request-Id` (set by the request logger). */
      id: string;
      /** Logs with the request's id, method and URL (set by the request logger). */
      log: Logger;
      /** The contract's operationId of the route that matched (operation-routes.ts), for logs. */
      operationId?: string;
      /** Set by the bearer check (bearer-check.ts) on operations the contract protects. */
      principal?: Principal;
    }
  }
}
