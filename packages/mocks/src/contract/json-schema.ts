import type { ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema, OpenApiDocument } from './openapi-document.js';

/**
 * An Ajv for the contract's schemas, configured like the server's validator (express-openapi-validator on
 * OpenAPI 3.1): JSON Schema 2020-12, every error at once, ajv-formats in fast mode, and OpenAPI's numeric
 * formats. Same library, same schemas, so the mocks' error messages are the server's.
 */
export function createContractAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true });
  addFormats.default(ajv, { mode: 'fast' });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n === (n | 0) });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  return ajv;
}

/**
 * Replaces every local `$ref` with what it points to. The contract's schemas are not recursive, and an
 * inlined schema compiles on its own, without registering the whole document with Ajv.
 */
export function dereference<T>(value: T, spec: OpenApiDocument): T {
  if (Array.isArray(value)) return value.map((item) => dereference(item, spec)) as T;
  if (value === null || typeof value !== 'object') return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') return dereference(resolvePointer(spec, ref), spec) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, dereference(child, spec)]),
  ) as T;
}

function resolvePointer(spec: OpenApiDocument, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`Only local references are supported: ${ref}`);
  let node: unknown = spec;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (node === undefined) throw new Error(`Unresolved reference ${ref}`);
  return node as JsonSchema;
}

/** A field error of the contract's `Problem`: where, what, and the failed keyword. */
export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

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
