import type { FieldError } from '@portal/contract';
import type { ErrorObject } from 'ajv';

/** Ajv errors as the server reports them (express-openapi-validator's mapping, then the error handler's). */
export function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  return errors.map((e) => {
    const params = e.params as Record<string, unknown>;
    const named = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
    const allowed = e.keyword === 'enum' ? (params.allowedValues as unknown[] | undefined) : undefined;
    return {
      path: typeof named === 'string' ? `${e.instancePath}/${named}` : e.instancePath,
      message: allowed ? `${e.message}: ${allowed.join(', ')}` : (e.message ?? 'is invalid'),
      code: e.keyword,
    };
  });
}
