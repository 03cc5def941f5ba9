import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Authenticate } from '../auth/authenticate.js';
import type { ApiDocument } from './spec.js';

export interface ValidatorOptions {
  spec: ApiDocument;
  validateResponses: boolean;
  authenticate: Authenticate;
}

/**
 * express-openapi-validator set up for the contract: it answers 404/405 for what the contract does not
 * define, runs our bearer check on protected operations before the request is validated (a stranger gets
 * 401, not a lesson in our schema), validates requests always and responses when asked.
 */
export function contractValidator(options: ValidatorOptions): RequestHandler[] {
  return OpenApiValidator.middleware({
    // A copy: the validator dereferences the document in place.
    apiSpec: structuredClone(options.spec) as never,
    // allErrors lists every problem at once; bodies are small (BODY_LIMIT_BYTES) and schemas flat and bounded.
    validateRequests: {
      allErrors: true,
      allowUnknownQueryParameters: false,
      coerceTypes: false,
      removeAdditional: false,
    },
    validateResponses: options.validateResponses ? { removeAdditional: false, coerceTypes: false } : false,
    validateFormats: 'fast',
    validateSecurity: {
      handlers: {
        bearerAuth: async (req) => {
          try {
            req.principal = await options.authenticate(req);
            return true;
          } catch (err) {
            // The validator replaces a handler's error by its own 401; keep ours for the error handler.
            req.authError = err;
            throw err;
          }
        },
      },
    },
  }) as RequestHandler[];
}
