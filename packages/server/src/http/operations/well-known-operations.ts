import type { KeySetHolder } from '../../tokens/key-set.js';
import type { OperationHandlers } from '../operation-handler.js';

/**
 * The public keys of the signing key set, for services that verify Portal's access tokens. The document is
 * built once per key set (key-set.ts), when it loads, not per request; the contract's `Cache-Control` lets
 * verifiers and proxies keep it.
 */
export function wellKnownOperations(keys: KeySetHolder): Pick<OperationHandlers, 'getJwks'> {
  return {
    getJwks: async () => ({ status: 200, body: keys.get().jwks }),
  };
}
