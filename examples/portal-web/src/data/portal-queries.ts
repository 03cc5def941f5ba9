import { PortalApiError } from '@portal/client';
import { QueryClient, useQuery } from '@tanstack/react-query';
import { portal } from '../portal';

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

export const useMe = () => useQuery({ queryKey: ['me'], queryFn: ({ signal }) => portal.me({ signal }) });

export const useClientProfile = () =>
  useQuery({ queryKey: ['client'], queryFn: ({ signal }) => portal.client({ signal }) });

export const useScopes = () =>
  useQuery({ queryKey: ['scopes'], queryFn: ({ signal }) => portal.scopes({ signal }) });

export const useDashboardStats = () =>
  useQuery({ queryKey: ['dashboard-stats'], queryFn: ({ signal }) => portal.dashboardStats({ signal }) });
