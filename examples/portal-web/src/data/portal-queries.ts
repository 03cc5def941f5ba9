import { PortalApiError } from '@portal/client';
import { QueryClient } from '@tanstack/react-query';

/**
 * Queries retry only what may pass on a second try (no answer, 5xx); a 4xx answer will not change. A 401
 * never reaches here unanswered: the SDK has refreshed and retried already, or reported the session expired.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        retry: (failures, error) => failures < 2 && !(error instanceof PortalApiError && error.status < 500),
      },
    },
  });
}
