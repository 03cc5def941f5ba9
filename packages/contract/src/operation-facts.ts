/** What the server, the SDK and the mocks need to know of one operation at run time. */
export interface OperationFacts {
  readonly id: string;
  readonly method: 'get' | 'put' | 'post' | 'delete' | 'patch';
  /** The contract's path, e.g. `/api/v1/portal/invoices/{invoiceId}`. */
  readonly path: string;
  /** The same path as Express and MSW route it, e.g. `/api/v1/portal/invoices/:invoiceId`. */
  readonly routePath: string;
  /** Whether the operation requires a bearer access token (`bearerAuth`). */
  readonly bearer: boolean;
  /** Whether the operation takes an `application/json` request body. */
  readonly jsonBody: boolean;
  /** The media types of a raw request body (`format: binary`, e.g. an image), read as bytes; else empty. */
  readonly binaryBody: readonly string[];
  readonly bodyRequired: boolean;
  readonly query: readonly { readonly name: string; readonly required: boolean }[];
  /** The `Cache-Control` its success answer declares (`no-store`, `public, max-age=300`), or null. */
  readonly cacheControl: string | null;
  /** The statuses the contract declares for the operation, ascending. */
  readonly statuses: readonly number[];
}
