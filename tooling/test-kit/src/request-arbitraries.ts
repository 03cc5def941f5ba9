import type { OperationFacts } from '@portal/contract';
import fc from 'fast-check';
import type { ContractChecker } from './contract-checker.js';
import { brokenBody } from './requests/bodies.js';
import { brokenHeaders } from './requests/headers.js';
import { TINY_PNG } from './requests/images.js';
import { oddText } from './requests/odd-text.js';
import { brokenQuery, encodeComponent, queryString } from './requests/queries.js';
import { validValue } from './requests/values.js';

/**
 * A request to one operation as fast-check generates it, independent of the backend it goes to: the
 * caller's credentials are added when it is sent, so the same request can go to the server and the mocks.
 * fetch refuses nothing here (header values are Latin-1 only).
 */
export interface GeneratedRequest {
  /** What was done to a well-formed request, for the failure report. */
  variant: string;
  /** The path, its parameters filled in (percent-encoded). */
  path: string;
  /** `?a=b...`, or empty. */
  query: string;
  /** Headers on top of the caller's `Authorization`; one named `authorization` replaces it. */
  headers: Record<string, string>;
  /** JSON text, or the bytes of a raw body (an image). */
  body?: string | Uint8Array<ArrayBuffer>;
}

/**
 * For `op`, well-formed requests generated from its schemas (bodies filtered by the contract's own
 * validator), and the same made wrong in one way each: wrong types, missing or unknown fields, long strings,
 * odd unicode, bad query strings, bad headers, a stray body.
 */
export function requestArbitraries(
  op: OperationFacts,
  contract: Pick<ContractChecker, 'requestSchemas' | 'isValidBody'>,
) {
  const schemas = contract.requestSchemas(op);
  const image = op.binaryBody.length > 0;
  const headers: Record<string, string> = op.jsonBody
    ? { 'content-type': 'application/json' }
    : image
      ? { 'content-type': 'image/png' }
      : {};
  const bodies = schemas.body
    ? (validValue(schemas.body).filter((b) => contract.isValidBody(op, b)) as fc.Arbitrary<
        Record<string, unknown>
      >)
    : undefined;
  const validQuery = schemas.query.length
    ? fc
        .tuple(
          ...schemas.query.map((p) => validValue(p.schema).map((v): [string, string] => [p.name, String(v)])),
        )
        .map(queryString)
    : fc.constant('');
  const pathOf = (values: string[]) =>
    schemas.path.reduce(
      (path, p, n) => path.replace(`{${p.name}}`, encodeComponent(values[n] as string)),
      op.path,
    );
  const validPath = fc
    .tuple(...schemas.path.map((p) => validValue(p.schema).map(String)))
    .map((values) => pathOf(values));
  const valid: fc.Arbitrary<GeneratedRequest> = fc
    .tuple(bodies ?? fc.constant(undefined), validQuery, validPath)
    .map(([body, query, path]) => ({
      variant: 'well-formed',
      path,
      query,
      headers,
      ...(image ? { body: TINY_PNG } : body === undefined ? {} : { body: JSON.stringify(body) }),
    }));

  const broken: fc.Arbitrary<GeneratedRequest>[] = [
    fc
      .tuple(valid, brokenQuery(schemas.query, validQuery))
      .map(([r, [variant, query]]) => ({ ...r, variant, query })),
    fc
      .tuple(valid, brokenHeaders(op))
      .map(([r, [variant, h]]) => ({ ...r, variant, headers: { ...r.headers, ...h } })),
  ];
  for (const [n, p] of schemas.path.entries()) {
    // A path parameter out of its schema: odd text, empty-looking, or far too long.
    broken.push(
      fc
        .tuple(
          valid,
          fc.oneof(
            oddText({ minLength: 1, maxLength: 40 }),
            fc.constant('%00'),
            fc.constant('x'.repeat(3000)),
          ),
        )
        .map(([r, bad]) => ({
          ...r,
          variant: `${p.name} = ${JSON.stringify(bad.slice(0, 40))}`,
          path: pathOf(schemas.path.map((_, m) => (m === n ? bad : '00000000-0000-4000-8000-000000000000'))),
        })),
    );
  }
  if (!op.jsonBody && op.method === 'post') {
    // A body the operation does not take: ignored, whatever its size or type.
    broken.push(
      fc.tuple(valid, fc.integer({ min: 0, max: 40_000 })).map(([r, size]) => ({
        ...r,
        variant: `a stray body of ${size} bytes`,
        headers: { ...r.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(size) }),
      })),
    );
  }
  if (image) {
    // Bytes that are no image (they never start as one), or none; or a PNG said to be something else.
    broken.push(
      fc.tuple(valid, fc.uint8Array({ maxLength: 2000 })).map(([r, bytes]) => ({
        ...r,
        variant: `${bytes.length} random bytes`,
        body: Uint8Array.from([0, ...bytes]),
      })),
      fc
        .tuple(valid, fc.constantFrom('', 'text/plain', 'image/svg+xml', 'application/json'))
        .map(([r, type]) => ({
          ...r,
          variant: `content-type "${type}"`,
          headers: { ...r.headers, 'content-type': type },
        })),
    );
  }
  if (schemas.body && bodies) {
    broken.push(
      fc
        .tuple(valid, brokenBody(schemas.body, bodies))
        .map(([r, [variant, body]]) => ({ ...r, variant, body })),
    );
  }
  return { valid, invalid: fc.oneof(...broken) };
}

/**
 * Sends a generated request for `op` to `baseUrl`; an operation that needs a bearer token gets
 * `Authorization: Bearer accessToken` unless the request brings an `authorization` of its own.
 */
export function sendGenerated(
  baseUrl: string,
  op: OperationFacts,
  request: GeneratedRequest,
  accessToken?: string,
): Promise<Response> {
  return fetch(`${baseUrl}${request.path}${request.query}`, {
    method: op.method.toUpperCase(),
    headers: {
      ...(op.bearer && accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      ...request.headers,
    },
    ...(op.method === 'get' || request.body === undefined ? {} : { body: request.body }),
  });
}

/** What a failing property prints of a request: enough to read, not 20 kB of padding. */
export function describeRequest(request: GeneratedRequest): string {
  return JSON.stringify({
    variant: request.variant,
    path: request.path.slice(0, 120),
    query: request.query.slice(0, 120),
  });
}
