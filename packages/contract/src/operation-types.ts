import type { operations } from './generated/portal.js';

/** The name of every operation in `openapi/portal.yaml`. */
export type OperationId = keyof operations;

/** The `application/json` body of a request or response object, `undefined` when it has none. */
export type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;

/** The request body of an operation, as the contract defines it; the bytes of a raw (binary) body. */
export type RequestBody<Op extends OperationId> = operations[Op]['requestBody'] extends {
  content: { 'application/json': unknown };
}
  ? JsonBody<operations[Op]['requestBody']>
  : operations[Op]['requestBody'] extends { content: object }
    ? Uint8Array
    : undefined;

/** The path parameters of an operation, as the contract defines them. */
export type PathParams<Op extends OperationId> = operations[Op]['parameters']['path'];

/** The query parameters of an operation, as the contract defines them. */
export type RequestQuery<Op extends OperationId> = operations[Op]['parameters']['query'];

/** The success statuses an operation declares (304: the client's cached copy is current). */
export type SuccessStatus<Op extends OperationId> = Extract<
  keyof operations[Op]['responses'],
  200 | 201 | 204 | 304
>;

/** The JSON body of an operation's answer with status `S`. */
export type ResponseBody<Op extends OperationId, S extends keyof operations[Op]['responses']> = JsonBody<
  operations[Op]['responses'][S]
>;

/**
 * One of an operation's success answers with exactly the contract's body: what the server's handlers and the
 * mocks return, so a wrong field or status does not compile.
 */
export type SuccessResult<Op extends OperationId> = {
  [S in SuccessStatus<Op>]: [ResponseBody<Op, S>] extends [undefined]
    ? operations[Op]['responses'][S] extends { content: object }
      ? BinaryResult<S>
      : { status: S; headers?: Readonly<Record<string, string>> }
    : { status: S; body: ResponseBody<Op, S> };
}[SuccessStatus<Op>];

/** An answer of bytes (an image), with its media type and the headers the contract declares for it. */
export interface BinaryResult<S> {
  status: S;
  bytes: Uint8Array;
  mediaType: string;
  headers: Readonly<Record<string, string>>;
}
