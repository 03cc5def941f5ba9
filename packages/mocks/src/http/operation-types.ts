import type { OperationId, operations } from '@portal/contract';
import type { MockAccount } from '../data/accounts.js';
import type { MockState } from '../state/mock-state.js';

type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;
type Responses<Op extends OperationId> = operations[Op]['responses'];
type SuccessStatus<Op extends OperationId> = Extract<keyof Responses<Op>, 200 | 201 | 204>;

/** What a mock operation answers: one of its success statuses with exactly the contract's body. */
export type MockResult<Op extends OperationId> = {
  [S in SuccessStatus<Op>]: [JsonBody<Responses<Op>[S]>] extends [undefined]
    ? { status: S }
    : { status: S; body: JsonBody<Responses<Op>[S]> };
}[SuccessStatus<Op>];

export interface MockContext<Op extends OperationId> {
  state: MockState;
  /** The bearer's account, on operations the contract protects (the bearer check ran before). */
  account: MockAccount | undefined;
  /** The request body, already validated against the contract. */
  body: JsonBody<operations[Op]['requestBody']>;
  /** The query, already validated against the contract. */
  query: operations[Op]['parameters']['query'];
}

/**
 * One mock per operation of the contract, keyed by operationId: an operation added to the contract without a
 * mock, or a mock answering a field the contract lacks, does not compile. Refusals are thrown as
 * `MockProblem`s.
 */
export type MockOperations = {
  [Op in OperationId]: (ctx: MockContext<Op>) => MockResult<Op>;
};
