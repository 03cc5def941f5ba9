import type { PortalClient, paths, Session, SignOutReason } from '@portal/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import createQueryHooks, { type OpenapiQueryClient } from 'openapi-react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { throwingPortalApiErrors } from './throwing-portal-api-errors.js';

/** Whether someone is signed in, as the SDK's auth events say. */
export type SessionState =
  | { status: 'loading'; session: null; reason: undefined }
  | { status: 'signed-in'; session: Session; reason: undefined }
  /** `reason` is undefined when no one was signed in to begin with. */
  | { status: 'signed-out'; session: null; reason: SignOutReason | undefined };

interface PortalContextValue {
  client: PortalClient;
  api: OpenapiQueryClient<paths>;
  session: SessionState;
}

const PortalContext = createContext<PortalContextValue | undefined>(undefined);

export interface PortalProviderProps {
  /** The app's one `createPortalClient(...)`. */
  client: PortalClient;
  /** The app's TanStack `QueryClient`; default a new one. */
  queryClient?: QueryClient;
  children?: ReactNode;
}

const LOADING: SessionState = { status: 'loading', session: null, reason: undefined };

/**
 * Gives the hooks the client and a TanStack Query cache, and follows the client's auth events. A sign-in
 * or a sign-out (here or in another tab) clears the cache, so that nothing of one user is shown to the next.
 */
export function PortalProvider({ client, queryClient, children }: PortalProviderProps) {
  const [ownQueryClient] = useState(() => queryClient ?? new QueryClient());
  const cache = queryClient ?? ownQueryClient;
  const [session, setSession] = useState<SessionState>(LOADING);

  useEffect(
    () =>
      client.auth.onStateChange((event) => {
        if (event.type === 'signed_out') {
          cache.clear();
          setSession({ status: 'signed-out', session: null, reason: event.reason });
        } else if (event.session) {
          if (event.type === 'signed_in') cache.clear();
          setSession({ status: 'signed-in', session: event.session, reason: undefined });
        } else {
          setSession({ status: 'signed-out', session: null, reason: undefined });
        }
      }),
    [client, cache],
  );

  const api = useMemo(() => createQueryHooks<paths>(throwingPortalApiErrors(client.raw)), [client]);
  const value = useMemo(() => ({ client, api, session }), [client, api, session]);
  return (
    <QueryClientProvider client={cache}>
      <PortalContext.Provider value={value}>{children}</PortalContext.Provider>
    </QueryClientProvider>
  );
}

export function usePortalContext(): PortalContextValue {
  const value = useContext(PortalContext);
  if (!value) throw new Error('The Portal hooks need a <PortalProvider client={...}> above them.');
  return value;
}
