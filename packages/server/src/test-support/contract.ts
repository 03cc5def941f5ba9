import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { type ApiDocument, loadSpec } from '../http/spec.js';

/** What a test needs to know of one operation of the contract, read from `openapi/portal.yaml`. */
export interface ContractOperation {
  operationId: string;
  method: 'get' | 'post';
  path: string;
  protected: boolean;
  /** The JSON request body's schema, if the operation takes one. */
  body: Schema | undefined;
  query: { name: string; required: boolean; schema: Schema }[];
}

export type Schema = Record<string, unknown>;

interface ResponseObject {
  headers?: Record<string, { $ref?: string; schema?: Schema }>;
  content?: Record<string, { schema?: Schema }>;
}

const SPEC_ID = 'portal.yaml';
const pointerPart = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The contract as a test oracle: its operations, a validator for any schema in it (Ajv 2020, formats in
 * fast mode like the server's), and a check of a response against what the operation declares. The
 * document is registered with Ajv whole, so `$ref`s resolve as written.
 */
export function loadContract(spec: ApiDocument = loadSpec()) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv, { mode: 'fast' });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addSchema(spec as object, SPEC_ID);
  const at = (pointer: string): ValidateFunction => {
    const validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
    if (!validate) throw new Error(`no schema at ${pointer}`);
    return validate;
  };
  const deref = <T>(value: T & { $ref?: string }): { value: T; pointer: string } | undefined => {
    if (!value.$ref) return undefined;
    const pointer = value.$ref.slice(1);
    let node: unknown = spec;
    for (const part of pointer.slice(1).split('/')) {
      node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return { value: node as T, pointer };
  };

  const operations: ContractOperation[] = [];
  const responsesOf = new Map<string, Record<string, ResponseObject & { $ref?: string }>>();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {}) as [string, Record<string, unknown>][]) {
      const security = (op.security ?? spec.security ?? []) as Record<string, unknown>[];
      const body = (op.requestBody as ResponseObject | undefined)?.content?.['application/json']?.schema;
      const params = (op.parameters ?? []) as {
        name: string;
        in: string;
        required?: boolean;
        schema: Schema;
      }[];
      operations.push({
        operationId: op.operationId as string,
        method: method as 'get' | 'post',
        path,
        protected: security.some((s) => 'bearerAuth' in s),
        body: body && (deref(body as Schema & { $ref?: string })?.value ?? body),
        query: params.filter((p) => p.in === 'query').map((p) => ({ ...p, required: p.required === true })),
      });
      responsesOf.set(op.operationId as string, op.responses as Record<string, ResponseObject>);
    }
  }

  /** Whether `value` is a valid request body of the operation. */
  const bodyValidator = (op: ContractOperation) =>
    at(`/paths/${pointerPart(op.path)}/${op.method}/requestBody/content/application~1json/schema`);

  /** What is wrong with a response to `op`, as the contract declares its responses; empty if nothing. */
  function check(op: ContractOperation, res: { status: number; headers: Headers; text: string }): string[] {
    const declared = responsesOf.get(op.operationId)?.[String(res.status)];
    if (!declared) return [`status ${res.status} is not declared`];
    const resolved = deref(declared);
    const response: ResponseObject = resolved?.value ?? declared;
    const base = resolved?.pointer ?? `/paths/${pointerPart(op.path)}/${op.method}/responses/${res.status}`;
    const problems: string[] = [];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const value = res.headers.get(name);
      if (value === null) {
        problems.push(`header ${name} missing`);
        continue;
      }
      const schema = deref(header)?.value.schema ?? header.schema ?? {};
      const typed = schema.type === 'integer' && /^\d+$/.test(value) ? Number(value) : value;
      if (!ajv.validate(schema, typed)) problems.push(`header ${name}: ${value} ${ajv.errorsText()}`);
    }
    if (!response.content) return res.text === '' ? problems : [...problems, 'a body where none is declared'];
    const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!response.content[type]) return [...problems, `media type "${type}" is not declared`];
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      return [...problems, `body is not JSON: ${res.text.slice(0, 80)}`];
    }
    const validate = at(`${base}/content/${pointerPart(type)}/schema`);
    if (!validate(body)) problems.push(`body: ${ajv.errorsText(validate.errors)}`);
    return problems;
  }

  return { operations, bodyValidator, check };
}
