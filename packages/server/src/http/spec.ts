import { readFileSync } from 'node:fs';
import { specPath } from '@portal/contract';
import { parse } from 'yaml';

interface OperationObject {
  operationId?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content?: Record<string, unknown> };
}

/** The HTTP methods an operation of the contract may have (OpenAPI's others, such as trace, are unused). */
export const OPERATION_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The parts of an OpenAPI document the server reads itself; the validator reads the rest. */
export interface ApiDocument {
  openapi: string;
  servers?: { url: string; description?: string }[];
  security?: Record<string, string[]>[];
  paths?: Record<string, Partial<Record<(typeof OPERATION_METHODS)[number], OperationObject>>>;
  [key: string]: unknown;
}

/** Reads `openapi/portal.yaml`, the contract the server routes and validates by. */
export function loadSpec(path: string = specPath): ApiDocument {
  return parse(readFileSync(path, 'utf8')) as ApiDocument;
}
