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

/**
 * The methods the contract defines on `path` (the `Allow` header of a 405, RFC 9110, 15.5.6), upper-case.
 * Read as the server routes it: a `{parameter}` is any one non-empty segment, and one trailing slash is
 * ignored (Express's non-strict routing: `/sessions/` is `/sessions`).
 */
export function allowedMethods(path: string): string[] {
  const segments = path.replace(/(.)\/$/, '$1').split('/');
  return operationList
    .filter((op) => matchesTemplate(op.path.split('/'), segments))
    .map((op) => op.method.toUpperCase());
}

function matchesTemplate(template: string[], segments: string[]): boolean {
  return (
    template.length === segments.length &&
    template.every((part, i) => (part.startsWith('{') ? segments[i] !== '' : part === segments[i]))
  );
}
