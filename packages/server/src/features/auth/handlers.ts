import type { OperationHandlers } from '../../http/operation-handler.js';
import { HttpProblem } from '../../http/problem.js';

type AuthOperations = 'requestMagicLink' | 'validateMagicLink' | 'refreshSession' | 'logout';

// Sign-in is built by its own issue; until then these operations answer 503 rather than pretend.
const notYet = async (): Promise<never> => {
  throw new HttpProblem(503, { detail: 'Sign-in is not available yet.', headers: { 'Retry-After': '3600' } });
};

export function authHandlers(): Pick<OperationHandlers, AuthOperations> {
  return { requestMagicLink: notYet, validateMagicLink: notYet, refreshSession: notYet, logout: notYet };
}
