import {
  type JsonSchema,
  type OpenApiDocument,
  type OperationFacts,
  type OperationId,
  operationList,
  type ResponseObject,
  requestNormalizers,
} from '@portal/contract';
import { createContractAjv, dereference } from '@portal/contract/ajv';
import type { ValidateFunction } from 'ajv';
import { readContractDocument } from './contract-document.js';

/** A response the server gives (and so the mocks) that the contract does not declare yet. */
export interface KnownGap {
  operations: string[];
  status: number;
  why: string;
}

/**
 * Reported to the contract's owners; the checker lets these through as long as the body is a `Problem`, and
 * a test fails as soon as the contract declares them, so the entry is removed then.
 */
export const KNOWN_CONTRACT_GAPS: readonly KnownGap[] = [];

/** A response as read off the wire. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** What a request to an operation carries that the contract describes with a schema. */
export interface RequestSchemas {
  /** The schema of the `application/json` request body, if the operation takes one. */
  body: JsonSchema | undefined;
  query: { name: string; required: boolean; schema: JsonSchema }[];
  /** The path parameters, all required (OpenAPI 3.1, 4.8.12.1). */
  path: { name: string; schema: JsonSchema }[];
}

// Statuses of a request that reached no operation: routing (404, 405), or the body read before routing.
const ROUTING_REFUSALS = [400, 404, 405, 413, 415];

/**
 * The contract as a test oracle, for the server's tests and the mocks' alike: Ajv configured as the
 * server's validator (`@portal/contract/ajv`) over the YAML read from disk, the operations from the
 * generated facts.
 */
export function createContractChecker({
  document = readContractDocument(),
  knownGaps = KNOWN_CONTRACT_GAPS,
}: {
  document?: OpenApiDocument;
  knownGaps?: readonly KnownGap[];
} = {}) {
  const ajv = createContractAjv();
  const compiled = new Map<unknown, ValidateFunction>();
  const validatorFor = (schema: unknown): ValidateFunction => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(dereference((schema ?? {}) as object, document));
      compiled.set(schema, validate);
    }
    return validate;
  };
  const objectOf = (op: OperationFacts) => document.paths?.[op.path]?.[op.method];
  // Resolved once each: the validators are cached by schema object, so the objects must stay the same.
  const resolvedResponses = new Map<string, ResponseObject | undefined>();
  const declaredResponse = (op: OperationFacts, status: number): ResponseObject | undefined => {
    const key = `${op.id} ${status}`;
    if (!resolvedResponses.has(key)) {
      const responses = (objectOf(op)?.responses ?? {}) as Record<string, ResponseObject>;
      const declared = responses[String(status)] ?? responses.default;
      resolvedResponses.set(key, declared && dereference(declared, document));
    }
    return resolvedResponses.get(key);
  };
  const resolvedRequests = new Map<string, RequestSchemas>();
  const requestSchemas = (op: OperationFacts): RequestSchemas => {
    let schemas = resolvedRequests.get(op.id);
    if (!schemas) {
      const operation = dereference(objectOf(op) ?? {}, document);
      schemas = {
        body: operation.requestBody?.content?.['application/json']?.schema,
        query: (operation.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} })),
        path: (operation.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
      };
      resolvedRequests.set(op.id, schemas);
    }
    return schemas;
  };
  const problemContent = { 'application/problem+json': { schema: document.components?.schemas?.Problem } };

  function checkHeaders(where: string, headers: Headers, declared: ResponseObject): string[] {
    const found: string[] = [];
    for (const [name, header] of Object.entries(declared.headers ?? {})) {
      const value = headers.get(name);
      if (value === null) {
        // The contract's headers are always sent, unless it says `required: false` (the refresh cookie).
        if (header.required !== false) found.push(`${where}: header ${name} missing`);
        continue;
      }
      const schema = header.schema ?? {};
      const typed = schema.type === 'integer' && /^\d+$/.test(value) ? Number(value) : value;
      const validate = validatorFor(schema);
      if (!validate(typed))
        found.push(`${where}: header ${name}=${value} ${ajv.errorsText(validate.errors)}`);
    }
    return found;
  }

  function checkBody(where: string, answer: Answer, content: ResponseObject['content']): string[] {
    if (!content) return answer.text === '' ? [] : [`${where}: a body where the contract declares none`];
    const type = mediaTypeOf(answer.headers.get('content-type'));
    const media = content[type];
    if (!media) return [`${where}: media type "${type}" not declared (${Object.keys(content).join(', ')})`];
    // Bytes (a picture): the declared media type is all there is to check, and that there are some.
    if (media.schema?.format === 'binary') return answer.text === '' ? [`${where}: no bytes`] : [];
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return [`${where}: body is not JSON: ${answer.text.slice(0, 80)}`];
    }
    const validate = validatorFor(media.schema);
    return validate(body)
      ? []
      : [`${where}: body ${ajv.errorsText(validate.errors)}: ${answer.text.slice(0, 200)}`];
  }

  /**
   * What is wrong with `answer` to a request `method url`; empty when the contract declares it. The status
   * must be one the operation declares, every header it declares present and valid, the media type declared
   * and the body valid by its schema. A request that reaches no operation must get the contract's `Problem`
   * (404, 405, or a refusal of its body); a HEAD, no body at all.
   */
  function check(method: string, url: string, answer: Answer): string[] {
    const { pathname } = new URL(url, 'http://any.host');
    const where = `${method} ${pathname} -> ${answer.status}`;
    const op = operationAt(method, pathname);
    if (!op) {
      const found = ROUTING_REFUSALS.includes(answer.status) ? [] : [`${where}: not a routing refusal`];
      if (method.toUpperCase() === 'HEAD') {
        return answer.text === '' ? found : [...found, `${where}: a body for HEAD`];
      }
      return [...found, ...checkBody(where, answer, problemContent)];
    }
    const declared = declaredResponse(op, answer.status);
    if (!declared) {
      const gap = knownGaps.find((g) => g.status === answer.status && g.operations.includes(op.id));
      return gap ? checkBody(where, answer, problemContent) : [`${where}: status not declared by ${op.id}`];
    }
    return [...checkHeaders(where, answer.headers, declared), ...checkBody(where, answer, declared.content)];
  }

  return {
    check,

    /** {@link check} of a fetch `Response`, read from a clone so the caller can still read it. */
    async checkResponse(method: string, url: string, response: Response): Promise<string[]> {
      const text = await response.clone().text();
      return check(method, url, { status: response.status, headers: response.headers, text });
    },

    /** The schemas of what a request to `op` carries, `$ref`s resolved. */
    requestSchemas,

    /** Whether `value` is a request body the contract accepts for `op`. */
    /** Whether the contract accepts `value` as `op`'s body, once normalised as server and mocks do first. */
    isValidBody(op: OperationFacts, value: unknown): boolean {
      const schema = requestSchemas(op).body;
      const normalize = requestNormalizers[op.id as OperationId] ?? ((body: unknown) => body);
      return schema !== undefined && validatorFor(schema)(normalize(value)) === true;
    },
  };
}

export type ContractChecker = ReturnType<typeof createContractChecker>;

/** The operation of the contract that a request `method pathname` reaches, if any. */
export function operationAt(method: string, pathname: string): OperationFacts | undefined {
  return operationList.find(
    (op) =>
      op.method === method.toLowerCase() &&
      new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
  );
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaTypeOf(contentType: string | null): string {
  return (contentType?.split(';')[0] ?? '').trim().toLowerCase();
}
