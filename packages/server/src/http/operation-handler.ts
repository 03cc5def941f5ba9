import type { OperationId, operations } from '@portal/contract';
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { Principal } from '../auth/access-token.js';

type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;
type Responses<Op extends OperationId> = operations[Op]['responses'];
type SuccessStatus<Op extends OperationId> = Extract<keyof Responses<Op>, 200 | 201 | 204>;

/** The request body of an operation, as the contract defines it (already validated). */
export type RequestBody<Op extends OperationId> = JsonBody<operations[Op]['requestBody']>;
/** The query parameters of an operation, as the contract defines them (already validated). */
export type RequestQuery<Op extends OperationId> = operations[Op]['parameters']['query'];

/** What a handler returns: one of the operation's success statuses, with exactly the contract's body. */
export type OperationResult<Op extends OperationId> = {
  [S in SuccessStatus<Op>]: [JsonBody<Responses<Op>[S]>] extends [undefined]
    ? { status: S }
    : { status: S; body: JsonBody<Responses<Op>[S]> };
}[SuccessStatus<Op>];

export interface OperationContext<Op extends OperationId> {
  body: RequestBody<Op>;
  query: RequestQuery<Op>;
  /** Set for operations the contract protects with `bearerAuth`; the security check ran before. */
  principal: Principal | undefined;
  ip: string;
  userAgent: string | undefined;
  log: Logger;
  req: Request;
}

/**
 * A handler for one operation of the contract. Typed from the generated `operations`, so a handler for an
 * operation that no longer exists, or a response with a wrong field, does not compile.
 */
export type OperationHandler<Op extends OperationId> = (
  ctx: OperationContext<Op>,
) => Promise<OperationResult<Op>>;

/** One handler per operation of the contract. */
export type OperationHandlers = { [Op in OperationId]: OperationHandler<Op> };
