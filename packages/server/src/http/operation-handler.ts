import type {
  OperationId,
  PathParams,
  ProtectedOperationId,
  RequestBody,
  RequestQuery,
  SuccessResult,
} from '@portal/contract';
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { Principal } from '../tokens/access-token.js';

/** What a handler returns: one of the operation's success statuses, with exactly the contract's body. */
type OperationResult<Op extends OperationId> = SuccessResult<Op>;

export interface OperationContext<Op extends OperationId> {
  body: RequestBody<Op>;
  query: RequestQuery<Op>;
  params: PathParams<Op>;
  /**
   * Who is asking, on the operations the contract protects with `bearerAuth` (the bearer check ran before
   * the handler: it cannot be missing there); `undefined` on the others. Read from the generated facts.
   */
  principal: Op extends ProtectedOperationId ? Principal : undefined;
  ip: string;
  userAgent: string | undefined;
  log: Logger;
  req: Request;
}

/**
 * A handler for one operation of the contract. Typed from the generated `operations`, so a handler for an
 * operation that no longer exists, or a response with a wrong field, does not compile.
 */
type OperationHandler<Op extends OperationId> = (ctx: OperationContext<Op>) => Promise<OperationResult<Op>>;

/** One handler per operation of the contract. */
export type OperationHandlers = { [Op in OperationId]: OperationHandler<Op> };
