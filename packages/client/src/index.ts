export type { components, operations, paths } from '@portal/contract';
export type { Client as RawClient, Middleware } from 'openapi-fetch';
export type { AuthEvent, AuthListener, SignOutReason } from './auth-events.js';
export { type CookieSessionStoreOptions, cookieSessionStore } from './cookie-session-store.js';
export { createPortalClient, type PortalClient, type PortalClientOptions } from './create-portal-client.js';
export type { DocumentList } from './documents.js';
export { PortalApiError, PortalNetworkError, PortalNoSessionError } from './errors.js';
export {
  type LocalStorageSessionStoreOptions,
  localStorageSessionStore,
} from './local-storage-session-store.js';
export { memorySessionStore, type SessionChange, type SessionStore } from './session-store.js';
export type {
  AuthTokens,
  Avatar,
  CallOptions,
  ClientProfile,
  DashboardStats,
  Estimate,
  EstimateQuery,
  FieldError,
  Invoice,
  InvoiceQuery,
  LogoutOptions,
  LogoutScope,
  MagicLinkRequest,
  Order,
  OrderQuery,
  Page,
  PortalMe,
  PortalScopes,
  Problem,
  ProblemCode,
  Session,
  SignIn,
  ValidateQuery,
  VerifyCodeRequest,
} from './types.js';
