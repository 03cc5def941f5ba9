import type { OperationId } from '@portal/contract';
import { portalSpec } from '../generated/portal-spec.js';
import type {
  HttpMethod,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  ResponseObject,
} from './openapi-document.js';

const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];

/** What the mocks need to know about one operation of the contract. */
export interface OperationInfo {
  operationId: OperationId;
  method: HttpMethod;
  /** The contract's path, e.g. `/api/v1/portal/me`. */
  path: string;
  /** Whether the operation requires `bearerAuth`. */
  protected: boolean;
  /** Whether the operation takes a JSON request body. */
  hasBody: boolean;
  queryParameters: ParameterObject[];
  /** The statuses the contract declares for the operation, e.g. `[200, 401, 500, 503]`. */
  statuses: number[];
  responses: Record<string, ResponseObject>;
  definition: OperationObject;
}

/** Every operation of a contract, in document order. */
export function listOperations(spec: OpenApiDocument = portalSpec): OperationInfo[] {
  const operations: OperationInfo[] = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const security = op.security ?? spec.security ?? [];
      const responses = op.responses ?? {};
      operations.push({
        operationId: op.operationId as OperationId,
        method,
        path,
        protected: security.some((requirement) => 'bearerAuth' in requirement),
        hasBody: op.requestBody?.content?.['application/json'] !== undefined,
        queryParameters: (op.parameters ?? []).filter((p) => p.in === 'query'),
        statuses: Object.keys(responses).map(Number),
        responses,
        definition: op,
      });
    }
  }
  return operations;
}

/** The methods the contract defines on each path: the `Allow` header of a 405 (RFC 9110, 15.5.6). */
export function allowedMethods(spec: OpenApiDocument = portalSpec): Map<string, string[]> {
  const allowed = new Map<string, string[]>();
  for (const op of listOperations(spec)) {
    allowed.set(op.path, [...(allowed.get(op.path) ?? []), op.method.toUpperCase()]);
  }
  return allowed;
}

/** The contract's own server, where the development server listens: the handlers' default base URL. */
export const DEFAULT_BASE_URL: string = portalSpec.servers?.[0]?.url ?? 'http://localhost:18080';
