import {
  type OperationFacts,
  type OperationFactsOf,
  operationList,
  type ProtectedOperationId,
} from '@portal/contract';

/**
 * The protected reads that take no parameter at all (no path parameter, no query): every signed-in user may
 * call them as they are, whatever the tenant's sections, so one loop over them covers what a token may see.
 * Derived from the contract's facts; the reads with parameters (documents, pictures) have suites of their own.
 */
export type ParameterlessRead = {
  [Op in ProtectedOperationId]: OperationFactsOf<Op> extends {
    method: 'get';
    query: readonly [];
    path: infer Path;
  }
    ? Path extends `${string}{${string}`
      ? never
      : Op
    : never;
}[ProtectedOperationId];

function isParameterlessRead(op: OperationFacts): op is OperationFacts & { id: ParameterlessRead } {
  return op.bearer && op.method === 'get' && op.query.length === 0 && !op.path.includes('{');
}

/** The `ParameterlessRead`s, in the contract's order. */
export const PARAMETERLESS_READS: readonly ParameterlessRead[] = operationList
  .filter(isParameterlessRead)
  .map((op) => op.id);
