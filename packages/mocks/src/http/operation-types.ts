import type {
  OperationId,
  PathParams,
  ProtectedOperationId,
  RequestBody,
  RequestQuery,
  SuccessResult,
} from '@portal/contract';
import type { MockAccount } from '../data/accounts.js';
import type { MockState } from '../state/mock-state.js';

/** What a mock operation answers: one of its success statuses with exactly the contract's body. */
type MockResult<Op extends OperationId> = SuccessResult<Op>;

export interface MockContext<Op extends OperationId> {
  state: MockState;
  /**
   * The bearer's account on the operations the contract protects (the bearer check ran before: it cannot
   * be missing there); `undefined` on the others.
   */
  account: Op extends ProtectedOperationId ? MockAccount : undefined;
  /** The sign-in (`sid`) of the bearer's token, on the protected operations. */
  sessionId: Op extends ProtectedOperationId ? string : undefined;
  /** The request's `User-Agent`, which a new sign-in records for the devices list. */
  userAgent: string | undefined;
  /** The request body, already validated against the contract. */
  body: RequestBody<Op>;
  /** The query, already validated against the contract (and read as its types, defaults filled in). */
  query: RequestQuery<Op>;
  /** The path parameters, already validated against the contract. */
  params: PathParams<Op>;
  /** The request itself, for the headers a mock reads (`If-None-Match`). */
  request: Request;
}

/**
 * One mock per operation of the contract, keyed by operationId: an operation added to the contract without a
 * mock, or a mock answering a field the contract lacks, does not compile. Refusals are thrown as
 * `ProblemError`s (`@portal/contract`), the server's own.
 */
export type MockOperations = {
  [Op in OperationId]: (ctx: MockContext<Op>) => MockResult<Op>;
};
