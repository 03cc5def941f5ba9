import { portalDocument } from '@portal/contract';
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

export interface ValidatorOptions {
  validateResponses: boolean;
}

/**
 * express-openapi-validator set up for the contract: it validates requests always and responses when asked,
 * and answers 404/405 for what the contract does not define. One instance serves every route: one per
 * operation cost more at start and no less per request (docs/benchmarks.md). The bearer check is ours
 * (bearer-check.ts), run before it: the validator's security stage added a chain of promises per request.
 */
export function contractValidator(options: ValidatorOptions): RequestHandler[] {
  return OpenApiValidator.middleware({
    // A copy: the validator dereferences the document in place.
    apiSpec: structuredClone(portalDocument) as never,
    // allErrors lists every problem at once; bodies are small (BODY_LIMIT_BYTES) and schemas flat and bounded.
    validateRequests: {
      allErrors: true,
      allowUnknownQueryParameters: false,
      coerceTypes: false,
      removeAdditional: false,
    },
    validateResponses: options.validateResponses ? { removeAdditional: false, coerceTypes: false } : false,
    validateFormats: true,
    ajvFormats: { mode: 'fast' },
    validateSecurity: false,
    // The contract has no multipart bodies: no upload middleware on every request.
    fileUploader: false,
  }) as RequestHandler[];
}
