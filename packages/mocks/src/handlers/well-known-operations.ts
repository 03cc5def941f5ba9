import type { MockOperations } from '../http/operation-types.js';

/**
 * The mock's key set: one fixed ES256 public key (RFC 7515, appendix A.3). The mock's tokens are not JWTs
 * signed with it; a frontend never verifies tokens, and a service that does is tested against the server.
 */
export const wellKnownOperations: Pick<MockOperations, 'getJwks'> = {
  getJwks: () => ({
    status: 200,
    body: {
      keys: [
        {
          kty: 'EC',
          crv: 'P-256',
          x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
          y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
          kid: 'mock-es256',
          alg: 'ES256',
          use: 'sig',
        },
      ],
    },
  }),
};
