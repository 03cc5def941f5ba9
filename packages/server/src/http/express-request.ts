import type { Principal } from '../auth/access-token.js';

declare global {
  namespace Express {
    interface Request {
      /** Set by the bearer check on operations the contract protects. */
      principal?: Principal;
      /** The bearer check's own error, which the validator wraps; the error handler answers with it. */
      authError?: unknown;
    }
  }
}
