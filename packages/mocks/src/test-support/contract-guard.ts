import { readFileSync } from 'node:fs';
import { specPath } from '@portal/contract';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { createContractAjv, dereference } from '../contract/json-schema.js';
import type { OpenApiDocument, ResponseObject } from '../contract/openapi-document.js';
import { listOperations, type OperationInfo } from '../contract/operations.js';
import { mediaType } from '../http/read-json-body.js';

/** `openapi/portal.yaml` itself, read from disk: the guard never trusts the mocks' embedded copy. */
export function loadContract(): OpenApiDocument {
  return parse(readFileSync(specPath, 'utf8')) as OpenApiDocument;
}

/** A response the server gives (and so the mocks) that the contract does not declare yet. */
export interface KnownGap {
  operations: string[];
  status: number;
  why: string;
}

/**
 * Reported to the contract's owners; the guard lets these through as long as the body is a `Problem`, and a
 * test fails as soon as the contract declares them, so the entry is removed then.
 */
export const KNOWN_CONTRACT_GAPS: KnownGap[] = [];

export interface CheckedExchange {
  method: string;
  url: string;
  response: Response;
}

/**
 * Checks responses against the contract with Ajv (JSON Schema 2020-12): the status must be one the operation
 * declares, every header it declares must be present and valid, the media type must be declared and the
 * body must match its schema. A request to no operation must get the contract's `Problem` (404, 405, or a
 * refusal of its body).
 * Returns what is wrong, empty when the response is the contract's.
 */
export function createContractGuard(spec: OpenApiDocument = loadContract(), tolerated = KNOWN_CONTRACT_GAPS) {
  const ajv = createContractAjv();
  const operations = listOperations(spec);
  const cache = new Map<unknown, ValidateFunction>();
  const validatorFor = (schema: unknown) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(dereference(schema as object, spec));
      cache.set(schema, validate);
    }
    return validate;
  };
  const problemSchema = spec.components?.schemas?.Problem;

  return async function check({ method, url, response }: CheckedExchange): Promise<string[]> {
    const { pathname } = new URL(url);
    const op = findOperation(operations, method, pathname);
    const where = `${method} ${pathname} -> ${response.status}`;
    const text = await response.clone().text();
    if (!op) {
      // No operation: routing (404, 405) or reading the body before routing (400, 413, 415) refused it.
      const problems: string[] = [];
      if (![400, 404, 405, 413, 415].includes(response.status))
        problems.push(`${where}: not a routing refusal`);
      if (method === 'HEAD') return text === '' ? problems : [...problems, `${where}: a body for HEAD`];
      problems.push(
        ...checkBody(where, response, text, { 'application/problem+json': { schema: problemSchema } }),
      );
      return problems;
    }
    const declared = op.responses[String(response.status)] ?? op.responses.default;
    const gap = tolerated.find((g) => g.status === response.status && g.operations.includes(op.operationId));
    if (!declared && gap) {
      return checkBody(where, response, text, { 'application/problem+json': { schema: problemSchema } });
    }
    if (!declared) return [`${where}: status not declared by ${op.operationId}`];
    const resolved = dereference(declared, spec) as ResponseObject;
    return [
      ...checkHeaders(where, response, resolved),
      ...checkBody(where, response, text, resolved.content),
    ];
  };

  function checkHeaders(where: string, response: Response, declared: ResponseObject): string[] {
    const problems: string[] = [];
    for (const [name, header] of Object.entries(declared.headers ?? {})) {
      const value = response.headers.get(name);
      if (value === null) {
        problems.push(`${where}: header ${name} missing`);
        continue;
      }
      const schema = header.schema ?? {};
      const typed = schema.type === 'integer' && /^\d+$/.test(value) ? Number(value) : value;
      const validate = validatorFor(schema);
      if (!validate(typed))
        problems.push(`${where}: header ${name}=${value} ${ajv.errorsText(validate.errors)}`);
    }
    return problems;
  }

  function checkBody(
    where: string,
    response: Response,
    text: string,
    content: ResponseObject['content'],
  ): string[] {
    if (!content) return text === '' ? [] : [`${where}: a body where the contract declares none`];
    const type = mediaType(response.headers.get('content-type') ?? '');
    const media = content[type];
    if (!media) return [`${where}: media type "${type}" not declared (${Object.keys(content).join(', ')})`];
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`${where}: body is not JSON: ${text.slice(0, 80)}`];
    }
    const validate = validatorFor(media.schema ?? {});
    return validate(body) ? [] : [`${where}: body ${ajv.errorsText(validate.errors)}: ${text.slice(0, 200)}`];
  }
}

function findOperation(
  operations: OperationInfo[],
  method: string,
  pathname: string,
): OperationInfo | undefined {
  return operations.find((op) => {
    if (op.method !== method.toLowerCase()) return false;
    const pattern = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(pathname);
  });
}
