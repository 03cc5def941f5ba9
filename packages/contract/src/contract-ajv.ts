import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema, OpenApiDocument } from './openapi-document.js';

/**
 * An Ajv for the contract's schemas, configured as the server's validator (express-openapi-validator on
 * OpenAPI 3.1) configures its own: JSON Schema 2020-12, every error at once, ajv-formats in fast mode, and
 * OpenAPI's numeric formats. The mocks validate requests with it and the tests check responses with it, so
 * all three read the schemas alike. `@portal/contract/ajv`: the SDK never loads it. `coerceTypes` reads
 * parameters as the server's validator does: the text of a query or path parameter as its schema's type.
 */
export function createContractAjv({ coerceTypes = false }: { coerceTypes?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes, useDefaults: true });
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
export function dereference<T>(value: T, document: OpenApiDocument): T {
  if (Array.isArray(value)) return value.map((item) => dereference(item, document)) as T;
  if (value === null || typeof value !== 'object') return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') return dereference(resolvePointer(document, ref), document) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, dereference(child, document)]),
  ) as T;
}

function resolvePointer(document: OpenApiDocument, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`Only local references are supported: ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (node === undefined) throw new Error(`Unresolved reference ${ref}`);
  return node as JsonSchema;
}
