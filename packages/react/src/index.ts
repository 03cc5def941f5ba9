export { PortalProvider, type PortalProviderProps, type SessionState } from './portal-provider.js';
export {
  useClientProfile,
  useDashboardStats,
  useEndSignIn,
  useEstimates,
  useInvoices,
  useMe,
  useOrders,
  usePortalApi,
  useScopes,
  useSignIns,
} from './query-hooks.js';
export {
  useLogout,
  usePortal,
  useRequestSignIn,
  useSession,
  useSignInWithCode,
  useSignInWithLink,
} from './session-hooks.js';
