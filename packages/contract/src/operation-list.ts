import { operationFacts } from './generated/operations.gen.js';
import type { OperationFacts } from './operation-facts.js';
import type { OperationId } from './operation-types.js';

/** The facts of operation `Op`, with its literal values. */
export type OperationFactsOf<Op extends OperationId> = (typeof operationFacts)[Op];

/** The operations that need a bearer access token: their handlers always know who is asking. */
export type ProtectedOperationId = {
  [Op in OperationId]: OperationFactsOf<Op>['bearer'] extends true ? Op : never;
}[OperationId];

/** The operations anyone may call (`security: []`). */
export type PublicOperationId = Exclude<OperationId, ProtectedOperationId>;

/** Every operation of the contract, in document order. */
export const operationList: readonly OperationFacts[] = Object.values(operationFacts);

/** The methods the contract defines on `path` (the `Allow` header of a 405, RFC 9110, 15.5.6), upper-case. */
export function allowedMethods(path: string): string[] {
  return operationList.filter((op) => op.path === path).map((op) => op.method.toUpperCase());
}
