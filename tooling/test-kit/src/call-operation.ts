import {
  type OperationId,
  operationFacts,
  type operations,
  type PathParams,
  PROBLEM_MEDIA_TYPE,
  type Problem,
  type RequestBody,
  type RequestQuery,
  type ResponseBody,
} from '@portal/contract';
import { mediaTypeOf } from './contract-checker.js';
import { queryString } from './requests/queries.js';

type Part<Name extends string, T> = [T] extends [undefined]
  ? { [K in Name]?: never }
  : undefined extends T
    ? { [K in Name]?: Exclude<T, undefined> }
    : { [K in Name]: T };

/**
 * What a call of operation `Op` sends, typed by the contract: its JSON body, query and path parameters
 * exactly as `openapi/portal.yaml` defines them, so a test that sends a field the contract lacks does not
 * compile. Tests that must send what the contract forbids use `fetch` itself.
 */
export type CallOptions<Op extends OperationId> = Part<'body', RequestBody<Op>> &
  Part<'query', RequestQuery<Op>> &
  Part<'path', PathParams<Op>> & {
    /** An access token, sent as `Authorization: Bearer <token>`. */
    accessToken?: string;
    /** More request headers; an `authorization` here replaces the access token's. */
    headers?: Record<string, string>;
  };

/** The options argument: optional when the operation needs none. */
export type CallArguments<Op extends OperationId> =
  // biome-ignore lint/complexity/noBannedTypes: `{}` is the empty options object here, as intended.
  {} extends CallOptions<Op> ? [options?: CallOptions<Op>] : [options: CallOptions<Op>];

/** Call options without the contract's types: for code that holds a call of any operation. */
export interface AnyCallOptions {
  body?: unknown;
  query?: Record<string, unknown>;
  path?: Record<string, unknown>;
  accessToken?: string;
  headers?: Record<string, string>;
}

/** The URL and `RequestInit` of a call of `operationId` on the API at `baseUrl`, for a test to alter. */
export function operationRequest<Op extends OperationId>(
  baseUrl: string,
  operationId: Op,
  ...[options]: CallArguments<Op>
): { url: string; init: RequestInit } {
  return requestOf(baseUrl, operationId, options ?? {});
}

/** {@link operationRequest} with options that the caller has typed already. */
export function requestOf(
  baseUrl: string,
  operationId: OperationId,
  { body, query, path, accessToken, headers }: AnyCallOptions,
): { url: string; init: RequestInit } {
  const op = operationFacts[operationId];
  const pathname = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(path?.[name])),
  );
  const pairs = Object.entries(query ?? {}).map(([name, value]): [string, string] => [name, String(value)]);
  // Bytes are a raw body (an image upload: PNG unless `headers` say otherwise); anything else is JSON.
  const bytes = body instanceof Uint8Array;
  return {
    url: `${baseUrl}${pathname}${queryString(pairs)}`,
    init: {
      method: op.method.toUpperCase(),
      headers: {
        ...(body === undefined ? {} : { 'content-type': bytes ? 'image/png' : 'application/json' }),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: bytes ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body) }),
    },
  };
}

/**
 * Calls operation `operationId` of the API at `baseUrl` and returns the fetch `Response` as it is, so the
 * test can look at its status and headers: `callOperation(url, 'refreshSession', { body: { refreshToken } })`.
 */
export function callOperation<Op extends OperationId>(
  baseUrl: string,
  operationId: Op,
  ...options: CallArguments<Op>
): Promise<Response> {
  const { url, init } = operationRequest(baseUrl, operationId, ...options);
  return fetch(url, init);
}

/** {@link callOperation} bound to one API: `const call = callerFor(server.url); await call('getMe', { accessToken })`. */
export function callerFor(baseUrl: string) {
  return <Op extends OperationId>(operationId: Op, ...options: CallArguments<Op>): Promise<Response> =>
    callOperation(baseUrl, operationId, ...options);
}

export type Caller = ReturnType<typeof callerFor>;

/** The statuses operation `Op` declares. */
export type DeclaredStatus<Op extends OperationId> = keyof operations[Op]['responses'] & number;

/**
 * The body of `res`, typed as the contract's answer of `operationId` with `status`; throws, with what came
 * instead, when the status is another.
 */
export async function readJson<Op extends OperationId, S extends DeclaredStatus<Op>>(
  res: Response,
  operationId: Op,
  status: S,
): Promise<ResponseBody<Op, S>> {
  if (res.status !== status) {
    throw new Error(`${operationId} answered ${res.status}, not ${status}: ${await res.text()}`);
  }
  return (await res.json()) as ResponseBody<Op, S>;
}

/** The problem body of an error answer; throws when the answer is not `application/problem+json`. */
export async function readProblem(res: Response): Promise<Problem> {
  const type = mediaTypeOf(res.headers.get('content-type'));
  if (type !== PROBLEM_MEDIA_TYPE)
    throw new Error(`a ${res.status} of ${type}, not a problem: ${await res.text()}`);
  return (await res.json()) as Problem;
}
