import type { OperationHandlers } from '../../http/operation-handler.js';
import { HttpProblem } from '../../http/problem.js';

type PortalOperations = 'getMe' | 'getClient' | 'getScopes' | 'getDashboardStats';

// The portal data is built by its own issue; until then these operations answer 503 rather than pretend.
const notYet = async (): Promise<never> => {
  throw new HttpProblem(503, {
    detail: 'Portal data is not available yet.',
    headers: { 'Retry-After': '3600' },
  });
};

export function portalHandlers(): Pick<OperationHandlers, PortalOperations> {
  return { getMe: notYet, getClient: notYet, getScopes: notYet, getDashboardStats: notYet };
}
