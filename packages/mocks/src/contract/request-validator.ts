import type { ValidateFunction } from 'ajv';
import { portalSpec } from '../generated/portal-spec.js';
import { createContractAjv, dereference, type FieldError, toFieldErrors } from './json-schema.js';
import type { OpenApiDocument } from './openapi-document.js';
import type { OperationInfo } from './operations.js';

/** A request's query (a repeated parameter becomes an array, as Express parses it) and parsed JSON body. */
export interface RequestInput {
  query: Record<string, string | string[]>;
  body: unknown;
}

/** Checks a request against its operation in the contract; returns the field errors, or null when valid. */
export type RequestValidator = (op: OperationInfo, input: RequestInput) => FieldError[] | null;

interface CompiledOperation {
  queryNames: Set<string>;
  general: ValidateFunction;
  body: ValidateFunction | undefined;
}

/**
 * Validates requests the way the server's express-openapi-validator does, in the same order and with the
 * same messages: the first unknown or empty query parameter alone, else every schema error of the query,
 * then of the body.
 */
export function createRequestValidator(spec: OpenApiDocument = portalSpec): RequestValidator {
  const ajv = createContractAjv();
  const compiled = new Map<string, CompiledOperation>();

  const compile = (op: OperationInfo): CompiledOperation => {
    const parameters = dereference(op.queryParameters, spec);
    const query = {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ?? {}])),
      required: parameters.filter((p) => p.required).map((p) => p.name),
    };
    const requestBody = op.definition.requestBody;
    const bodySchema = requestBody?.content?.['application/json']?.schema;
    return {
      queryNames: new Set(parameters.map((p) => p.name)),
      general: ajv.compile({ type: 'object', required: ['query'], properties: { query } }),
      body: bodySchema
        ? ajv.compile({
            type: 'object',
            required: requestBody?.required ? ['body'] : [],
            properties: { body: dereference(bodySchema, spec) },
          })
        : undefined,
    };
  };

  return (op, input) => {
    let validators = compiled.get(op.operationId);
    if (!validators) {
      validators = compile(op);
      compiled.set(op.operationId, validators);
    }
    for (const [name, value] of Object.entries(input.query)) {
      if (!validators.queryNames.has(name)) {
        return [{ path: `/query/${name}`, message: `Unknown query parameter '${name}'` }];
      }
      if (value === '') {
        return [{ path: `/query/${name}`, message: `Empty value found for query parameter '${name}'` }];
      }
    }
    const generalValid = validators.general({ query: input.query });
    const generalErrors = validators.general.errors ?? [];
    const bodyValid = validators.body ? validators.body({ body: input.body }) : true;
    const bodyErrors = validators.body?.errors ?? [];
    if (generalValid && bodyValid) return null;
    return toFieldErrors([...generalErrors, ...bodyErrors]);
  };
}
