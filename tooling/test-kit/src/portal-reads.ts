import type { ProtectedOperationId } from '@portal/contract';

/**
 * The operations that read the signed-in user's portal and its settings (GET, with a bearer token, no
 * parameters, open to every user whatever the tenant's sections).
 */
export const PORTAL_READS = [
  'getMe',
  'getClient',
  'getScopes',
  'getDashboardStats',
] as const satisfies readonly ProtectedOperationId[];

export type PortalRead = (typeof PORTAL_READS)[number];

/**
 * The reads of the records behind the dashboard: they take ids, cursors and filters and depend on the
 * tenant's sections, so their authorisation has suites of its own (the server's
 * security/document-authorisation.test.ts, the conformance suite's document lists).
 */
export const DOCUMENT_READS = [
  'listInvoices',
  'getInvoice',
  'listOrders',
  'getOrder',
  'listEstimates',
  'getEstimate',
] as const satisfies readonly ProtectedOperationId[];

/**
 * The read of a picture's signed URL: it takes a blob id, and who may see which picture has suites of its
 * own (the server's features/avatars/blob-serving.test.ts, the conformance suite's pictures).
 */
export const PICTURE_READS = ['getBlobUrl'] as const satisfies readonly ProtectedOperationId[];

/**
 * The read of the user's own sign-ins (devices): its authorisation has a suite of its own (the server's
 * security/session-authorisation.test.ts, the conformance suite's devices).
 */
export const SESSION_READS = ['listSessions'] as const satisfies readonly ProtectedOperationId[];
