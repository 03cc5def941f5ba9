import type {
  ClientProfile,
  DashboardStats,
  DocumentList,
  PortalClient,
  PortalMe,
  PortalScopes,
} from '@portal/client';
import {
  type UseQueryResult,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { usePortalContext } from './portal-provider.js';

/** The TanStack hooks of every operation of the contract (openapi-react-query), for what no hook covers. */
export function usePortalApi() {
  return usePortalContext().api;
}

/**
 * A query's result as the SDK's calls fail: an `Error`, a `PortalApiError` for an answer (with its status and
 * problem) or a `PortalNetworkError`, not openapi-react-query's bare problem body.
 */
type Result<Data> = UseQueryResult<Data, Error>;

/** Queries run only while someone is signed in: signed out, they wait instead of failing with 401. */
function useSignedIn(): boolean {
  return usePortalContext().session.status === 'signed-in';
}

/** The signed-in portal user. */
export function useMe() {
  return usePortalApi().useQuery(
    'get',
    '/api/v1/portal/me',
    {},
    { enabled: useSignedIn() },
  ) as Result<PortalMe>;
}

/** The signed-in user's client (the customer company or person). */
export function useClientProfile() {
  return usePortalApi().useQuery(
    'get',
    '/api/v1/portal/client',
    {},
    { enabled: useSignedIn() },
  ) as Result<ClientProfile>;
}

/** The portal sections the user's tenant enabled. */
export function useScopes() {
  return usePortalApi().useQuery(
    'get',
    '/api/v1/portal/scopes',
    {},
    { enabled: useSignedIn() },
  ) as Result<PortalScopes>;
}

/** The dashboard figures of the user's client. */
export function useDashboardStats() {
  return usePortalApi().useQuery(
    'get',
    '/api/v1/portal/dashboard/stats',
    {},
    { enabled: useSignedIn() },
  ) as Result<DashboardStats>;
}

export const SIGN_INS = ['get', '/api/v1/portal/sessions'];

/**
 * The user's live sign-ins (devices), most recently used first; `current` marks this one. Through the
 * SDK's `signIns.list`, which remembers which is this one: ending it is then a logout.
 */
export function useSignIns() {
  const { client } = usePortalContext();
  return useQuery({
    queryKey: SIGN_INS,
    queryFn: ({ signal }) => client.signIns.list({ signal }),
    enabled: useSignedIn(),
  });
}

/** Ends one of the user's sign-ins by its id; ending the current one is a logout. */
export function useEndSignIn() {
  const { client } = usePortalContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client.signIns.end(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SIGN_INS }),
  });
}

type Query<List> = List extends DocumentList<unknown, infer Q> ? Omit<Q, 'cursor'> : never;

/**
 * A document list page after page: `data.pages`; `fetchNextPage()` follows `nextCursor` until it is null.
 * TanStack's own infinite query on the SDK's list call, since openapi-react-query's sends a cursor of `0`
 * for the first page, which the API refuses; its key is the one openapi-react-query would give the list.
 */
function useDocumentList<Item, Q extends { cursor?: string }>(
  name: 'invoices' | 'orders' | 'estimates',
  list: DocumentList<Item, Q>,
  query: Omit<Q, 'cursor'> = {} as Omit<Q, 'cursor'>,
) {
  return useInfiniteQuery({
    queryKey: ['get', `/api/v1/portal/${name}`, { params: { query } }],
    queryFn: ({ pageParam, signal }) =>
      list.list({ ...query, ...(pageParam ? { cursor: pageParam } : {}) } as Q, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: useSignedIn(),
  });
}

/** The invoices of the user's client, filtered by `query` (`state`, `limit`), page after page. */
export const useInvoices = (query?: Query<PortalClient['invoices']>) =>
  useDocumentList('invoices', usePortalContext().client.invoices, query);
/** The orders of the user's client, page after page. */
export const useOrders = (query?: Query<PortalClient['orders']>) =>
  useDocumentList('orders', usePortalContext().client.orders, query);
/** The estimates of the user's client, page after page. */
export const useEstimates = (query?: Query<PortalClient['estimates']>) =>
  useDocumentList('estimates', usePortalContext().client.estimates, query);
