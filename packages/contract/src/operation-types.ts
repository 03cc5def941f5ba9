import type { operations } from './generated/portal.js';

/** The name of every operation in `openapi/portal.yaml`. */
export type OperationId = keyof operations;

/** The `application/json` body of a request or response object, `undefined` when it has none. */
export type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;

/** The request body of an operation, as the contract defines it. */
export type RequestBody<Op extends OperationId> = JsonBody<operations[Op]['requestBody']>;

/** The path parameters of an operation, as the contract defines them. */
export type PathParams<Op extends OperationId> = operations[Op]['parameters']['path'];

/** The query parameters of an operation, as the contract defines them. */
export type RequestQuery<Op extends OperationId> = operations[Op]['parameters']['query'];

/** The success statuses an operation declares. */
export type SuccessStatus<Op extends OperationId> = Extract<
  keyof operations[Op]['responses'],
  200 | 201 | 204
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
    ? { status: S }
    : { status: S; body: ResponseBody<Op, S> };
}[SuccessStatus<Op>];
