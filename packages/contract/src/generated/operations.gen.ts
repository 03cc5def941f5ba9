// Generated from openapi/portal.yaml by `pnpm generate` (packages/contract/scripts/generate-facts.mjs): the facts of every operation.
// Do not edit.
import type { OperationFacts } from '../operation-facts.js';
import type { operations as OperationTypes } from './portal.js';

/** Every operation of the contract, by operationId, in document order. */
export const operationFacts = {
  "requestMagicLink": {
    "id": "requestMagicLink",
    "method": "post",
    "path": "/api/v1/portal/auth/request-magic-link",
    "routePath": "/api/v1/portal/auth/request-magic-link",
    "bearer": false,
    "jsonBody": true,
    "binaryBody": [],
    "bodyRequired": true,
    "query": [],
    "cacheControl": null,
    "statuses": [
      204,
      400,
      413,
      415,
      429,
      500,
      503
    ]
  },
  "validateMagicLink": {
    "id": "validateMagicLink",
    "method": "post",
    "path": "/api/v1/portal/auth/validate",
    "routePath": "/api/v1/portal/auth/validate",
    "bearer": false,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [
      {
        "name": "token",
        "required": true
      }
    ],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      429,
      500,
      503
    ]
  },
  "verifyCode": {
    "id": "verifyCode",
    "method": "post",
    "path": "/api/v1/portal/auth/verify-code",
    "routePath": "/api/v1/portal/auth/verify-code",
    "bearer": false,
    "jsonBody": true,
    "binaryBody": [],
    "bodyRequired": true,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      413,
      415,
      429,
      500,
      503
    ]
  },
  "refreshSession": {
    "id": "refreshSession",
    "method": "post",
    "path": "/api/v1/portal/auth/refresh",
    "routePath": "/api/v1/portal/auth/refresh",
    "bearer": false,
    "jsonBody": true,
    "binaryBody": [],
    "bodyRequired": true,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      403,
      413,
      415,
      429,
      500,
      503
    ]
  },
  "logout": {
    "id": "logout",
    "method": "post",
    "path": "/api/v1/portal/auth/logout",
    "routePath": "/api/v1/portal/auth/logout",
    "bearer": true,
    "jsonBody": true,
    "binaryBody": [],
    "bodyRequired": true,
    "query": [
      {
        "name": "scope",
        "required": false
      }
    ],
    "cacheControl": null,
    "statuses": [
      204,
      400,
      401,
      403,
      413,
      415,
      500,
      503
    ]
  },
  "listSessions": {
    "id": "listSessions",
    "method": "get",
    "path": "/api/v1/portal/sessions",
    "routePath": "/api/v1/portal/sessions",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      500,
      503
    ]
  },
  "endSession": {
    "id": "endSession",
    "method": "delete",
    "path": "/api/v1/portal/sessions/{sessionId}",
    "routePath": "/api/v1/portal/sessions/:sessionId",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": null,
    "statuses": [
      204,
      400,
      401,
      404,
      500,
      503
    ]
  },
  "getClient": {
    "id": "getClient",
    "method": "get",
    "path": "/api/v1/portal/client",
    "routePath": "/api/v1/portal/client",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      500,
      503
    ]
  },
  "getDashboardStats": {
    "id": "getDashboardStats",
    "method": "get",
    "path": "/api/v1/portal/dashboard/stats",
    "routePath": "/api/v1/portal/dashboard/stats",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      500,
      503
    ]
  },
  "listInvoices": {
    "id": "listInvoices",
    "method": "get",
    "path": "/api/v1/portal/invoices",
    "routePath": "/api/v1/portal/invoices",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [
      {
        "name": "state",
        "required": false
      },
      {
        "name": "status",
        "required": false
      },
      {
        "name": "limit",
        "required": false
      },
      {
        "name": "cursor",
        "required": false
      }
    ],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      403,
      500,
      503
    ]
  },
  "getInvoice": {
    "id": "getInvoice",
    "method": "get",
    "path": "/api/v1/portal/invoices/{invoiceId}",
    "routePath": "/api/v1/portal/invoices/:invoiceId",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      403,
      404,
      500,
      503
    ]
  },
  "listOrders": {
    "id": "listOrders",
    "method": "get",
    "path": "/api/v1/portal/orders",
    "routePath": "/api/v1/portal/orders",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [
      {
        "name": "state",
        "required": false
      },
      {
        "name": "status",
        "required": false
      },
      {
        "name": "limit",
        "required": false
      },
      {
        "name": "cursor",
        "required": false
      }
    ],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      403,
      500,
      503
    ]
  },
  "getOrder": {
    "id": "getOrder",
    "method": "get",
    "path": "/api/v1/portal/orders/{orderId}",
    "routePath": "/api/v1/portal/orders/:orderId",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      403,
      404,
      500,
      503
    ]
  },
  "listEstimates": {
    "id": "listEstimates",
    "method": "get",
    "path": "/api/v1/portal/estimates",
    "routePath": "/api/v1/portal/estimates",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [
      {
        "name": "state",
        "required": false
      },
      {
        "name": "status",
        "required": false
      },
      {
        "name": "limit",
        "required": false
      },
      {
        "name": "cursor",
        "required": false
      }
    ],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      403,
      500,
      503
    ]
  },
  "getEstimate": {
    "id": "getEstimate",
    "method": "get",
    "path": "/api/v1/portal/estimates/{estimateId}",
    "routePath": "/api/v1/portal/estimates/:estimateId",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      403,
      404,
      500,
      503
    ]
  },
  "getMe": {
    "id": "getMe",
    "method": "get",
    "path": "/api/v1/portal/me",
    "routePath": "/api/v1/portal/me",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      500,
      503
    ]
  },
  "setMyAvatar": {
    "id": "setMyAvatar",
    "method": "put",
    "path": "/api/v1/portal/me/avatar",
    "routePath": "/api/v1/portal/me/avatar",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [
      "image/png",
      "image/jpeg",
      "image/webp"
    ],
    "bodyRequired": true,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      413,
      415,
      429,
      500,
      503
    ]
  },
  "removeMyAvatar": {
    "id": "removeMyAvatar",
    "method": "delete",
    "path": "/api/v1/portal/me/avatar",
    "routePath": "/api/v1/portal/me/avatar",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": null,
    "statuses": [
      204,
      400,
      401,
      429,
      500,
      503
    ]
  },
  "getBlobUrl": {
    "id": "getBlobUrl",
    "method": "get",
    "path": "/api/v1/portal/blobs/{blobId}/url",
    "routePath": "/api/v1/portal/blobs/:blobId/url",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      404,
      500,
      503
    ]
  },
  "getBlob": {
    "id": "getBlob",
    "method": "get",
    "path": "/api/v1/portal/blobs/{blobId}",
    "routePath": "/api/v1/portal/blobs/:blobId",
    "bearer": false,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [
      {
        "name": "expires",
        "required": true
      },
      {
        "name": "user",
        "required": true
      },
      {
        "name": "signature",
        "required": true
      }
    ],
    "cacheControl": "private, max-age=31536000, immutable",
    "statuses": [
      200,
      304,
      400,
      403,
      404,
      500,
      503
    ]
  },
  "getScopes": {
    "id": "getScopes",
    "method": "get",
    "path": "/api/v1/portal/scopes",
    "routePath": "/api/v1/portal/scopes",
    "bearer": true,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "no-store",
    "statuses": [
      200,
      400,
      401,
      500,
      503
    ]
  },
  "getJwks": {
    "id": "getJwks",
    "method": "get",
    "path": "/.well-known/jwks.json",
    "routePath": "/.well-known/jwks.json",
    "bearer": false,
    "jsonBody": false,
    "binaryBody": [],
    "bodyRequired": false,
    "query": [],
    "cacheControl": "public, max-age=300",
    "statuses": [
      200,
      400,
      500
    ]
  }
} as const satisfies { [Id in keyof OperationTypes]: OperationFacts };

/** The path every operation of the API starts with. */
export const apiBasePath = "/api/v1/portal";

/** The contract's first server: where the development server listens. */
export const defaultServerUrl = "http://localhost:18080";
