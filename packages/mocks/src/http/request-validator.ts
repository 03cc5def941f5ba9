import { type FieldError, type OperationFacts, portalDocument } from '@portal/contract';
import { createContractAjv, dereference } from '@portal/contract/ajv';
import type { ValidateFunction } from 'ajv';
import { toFieldErrors } from './field-errors.js';
import { type ParsedQuery, unencodedReserved } from './read-query.js';

/**
 * A request's URL, its query as the server parses it (read-query.ts), its path parameters and its parsed
 * JSON body. The query and the parameters are coerced to their schemas' types in place, as the server's.
 */
interface RequestInput {
  url: URL;
  query: ParsedQuery;
  params: Record<string, unknown>;
  body: unknown;
}

/** Checks a request against its operation in the contract; returns the field errors, or null when valid. */
export type RequestValidator = (op: OperationFacts, input: RequestInput) => FieldError[] | null;

interface CompiledOperation {
  queryNames: Set<string>;
  /** The query parameters whose values may not hold reserved characters unencoded (no `allowReserved`). */
  encodedOnly: string[];
  general: ValidateFunction;
  body: ValidateFunction | undefined;
}

/**
 * Validates requests the way the server's express-openapi-validator does, in the same order and with the
 * same messages: the first parameter with an unencoded reserved character alone, else the first unknown or
 * empty query parameter alone, else every schema error of the query, then of the body. Schemas come from
 * the contract package's copy of the document.
 */
export function createRequestValidator(): RequestValidator {
  const ajv = createContractAjv();
  const coercing = createContractAjv({ coerceTypes: true });
  const compiled = new Map<string, CompiledOperation>();

  const compile = (op: OperationFacts): CompiledOperation => {
    const definition = dereference(portalDocument.paths?.[op.path]?.[op.method] ?? {}, portalDocument);
    const parameters = (definition.parameters ?? []).filter((p) => p.in === 'query');
    const query = {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ?? {}])),
      required: parameters.filter((p) => p.required).map((p) => p.name),
    };
    const pathParameters = (definition.parameters ?? []).filter((p) => p.in === 'path');
    const params = {
      type: 'object',
      properties: Object.fromEntries(pathParameters.map((p) => [p.name, p.schema ?? {}])),
    };
    const bodySchema = definition.requestBody?.content?.['application/json']?.schema;
    return {
      queryNames: new Set(parameters.map((p) => p.name)),
      encodedOnly: parameters.filter((p) => p.allowReserved !== true).map((p) => p.name),
      general: coercing.compile({ type: 'object', required: ['query'], properties: { query, params } }),
      body: bodySchema
        ? ajv.compile({
            type: 'object',
            required: op.bodyRequired ? ['body'] : [],
            properties: { body: bodySchema },
          })
        : undefined,
    };
  };

  return (op, input) => {
    let validators = compiled.get(op.id);
    if (!validators) {
      validators = compile(op);
      compiled.set(op.id, validators);
    }
    const unencoded = unencodedReserved(input.url, validators.encodedOnly);
    if (unencoded) {
      const message = `Parameter '${unencoded}' must be url encoded. Its value may not contain reserved characters.`;
      return [{ path: `/query/${unencoded}`, message }];
    }
    for (const [name, value] of Object.entries(input.query)) {
      if (!validators.queryNames.has(name)) {
        return [{ path: `/query/${name}`, message: `Unknown query parameter '${name}'` }];
      }
      if (value === '') {
        return [{ path: `/query/${name}`, message: `Empty value found for query parameter '${name}'` }];
      }
    }
    const generalValid = validators.general({ query: input.query, params: input.params });
    const generalErrors = validators.general.errors ?? [];
    const bodyValid = validators.body ? validators.body({ body: input.body }) : true;
    const bodyErrors = validators.body?.errors ?? [];
    if (generalValid && bodyValid) return null;
    return toFieldErrors([...generalErrors, ...bodyErrors]);
  };
}
