import type { OperationId } from '@portal/contract';
import { type AnyCallOptions, type CallOptions, requestOf } from './call-operation.js';

/** The credentials well-formed requests carry: each to be used once. */
export interface Credentials {
  email: string;
  tenantCode: string;
  /** A magic-link token not yet redeemed. */
  magicLinkToken: string;
  /** The one-time code of the latest sign-in mail to `email`, not yet used. */
  signInCode: string;
  /** A live refresh token, to rotate. */
  refreshToken: string;
  /** A live access token, for the protected operations. */
  accessToken: string;
  /** A live refresh token of the access token's user, to log out with. */
  logoutRefreshToken: string;
  /** The id of a live sign-in of the access token's user other than the access token's own, to end. */
  endSessionId: string;
  /** Ids of records of the access token's client, in a tenant with every section enabled. */
  documents: { invoiceId: string; orderId: string; estimateId: string };
  /**
   * A PNG to upload, and the blob id of the access token's client's logo with a signed link to it (the
   * access token's user's own picture may be removed by another call).
   */
  picture: { png: Uint8Array; blobId: string; link: { expires: number; user: string; signature: string } };
}

/** A call of one operation and the status it answers when all is well. */
export type WellFormedCall = {
  [Op in OperationId]: { operationId: Op; status: 200 | 204; options: CallOptions<Op> };
}[OperationId];

/**
 * One well-formed request for each operation of the contract, with `credentials` made by the caller in the
 * backend's own way; typed by the operations, so a new operation does not compile until it is added here.
 */
export function wellFormedCalls(credentials: Credentials): WellFormedCall[] {
  const { accessToken, documents, picture } = credentials;
  const calls: { [Op in OperationId]: Omit<Extract<WellFormedCall, { operationId: Op }>, 'operationId'> } = {
    requestMagicLink: {
      status: 204,
      options: { body: { email: credentials.email, tenantCode: credentials.tenantCode } },
    },
    validateMagicLink: { status: 200, options: { query: { token: credentials.magicLinkToken } } },
    verifyCode: {
      status: 200,
      options: {
        body: { email: credentials.email, tenantCode: credentials.tenantCode, code: credentials.signInCode },
      },
    },
    refreshSession: { status: 200, options: { body: { refreshToken: credentials.refreshToken } } },
    logout: { status: 204, options: { body: { refreshToken: credentials.logoutRefreshToken }, accessToken } },
    listSessions: { status: 200, options: { accessToken } },
    endSession: { status: 204, options: { path: { sessionId: credentials.endSessionId }, accessToken } },
    getMe: { status: 200, options: { accessToken } },
    getClient: { status: 200, options: { accessToken } },
    getScopes: { status: 200, options: { accessToken } },
    getDashboardStats: { status: 200, options: { accessToken } },
    listInvoices: { status: 200, options: { query: { state: 'unpaid', limit: 5 }, accessToken } },
    getInvoice: { status: 200, options: { path: { invoiceId: documents.invoiceId }, accessToken } },
    listOrders: { status: 200, options: { query: { state: 'open' }, accessToken } },
    getOrder: { status: 200, options: { path: { orderId: documents.orderId }, accessToken } },
    listEstimates: { status: 200, options: { query: { state: 'pending' }, accessToken } },
    getEstimate: { status: 200, options: { path: { estimateId: documents.estimateId }, accessToken } },
    getJwks: { status: 200, options: {} },
    setMyAvatar: { status: 200, options: { body: picture.png, accessToken } },
    removeMyAvatar: { status: 204, options: { accessToken } },
    getBlobUrl: { status: 200, options: { path: { blobId: picture.blobId }, accessToken } },
    getBlob: { status: 200, options: { path: { blobId: picture.blobId }, query: picture.link } },
  };
  return Object.entries(calls).map(([operationId, call]) => ({ operationId, ...call }) as WellFormedCall);
}

/** The options of `call` with `overrides` over them, their headers added to its own. */
export function optionsOf(call: WellFormedCall, overrides: AnyCallOptions = {}): AnyCallOptions {
  return { ...call.options, ...overrides, headers: { ...call.options.headers, ...overrides.headers } };
}

/**
 * Sends a well-formed call to the API at `baseUrl`, with `overrides` over its options:
 * `sendCall(url, call, { accessToken: undefined })` sends it without credentials.
 */
export function sendCall(
  baseUrl: string,
  call: WellFormedCall,
  overrides: AnyCallOptions = {},
): Promise<Response> {
  const { url, init } = requestOf(baseUrl, call.operationId, optionsOf(call, overrides));
  return fetch(url, init);
}
