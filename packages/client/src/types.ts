import type {
  components,
  OperationId,
  operations,
  RequestBody,
  RequestQuery,
  ResponseBody,
} from '@portal/contract';

/** The JSON body of an operation's 200 answer, as the contract defines it. */
type Ok<Id extends OperationId> = ResponseBody<Id, 200 & keyof operations[Id]['responses']>;

/** What `validate` and `refresh` return, and what the session store keeps. */
export type AuthTokens = Ok<'validateMagicLink'>;
/** The stored token pair of a signed-in user. */
export type Session = AuthTokens;
/** The body of `requestMagicLink`: the user's email and their tenant's code. */
export type MagicLinkRequest = RequestBody<'requestMagicLink'>;
/** The body of `verifyCode`: the address the sign-in mail was asked for, and the code it carries. */
export type VerifyCodeRequest = RequestBody<'verifyCode'>;
/** The query of `validate`: the token from the magic link. */
export type ValidateQuery = RequestQuery<'validateMagicLink'>;
/** The signed-in portal user (`me`). */
export type PortalMe = Ok<'getMe'>;
/** The signed-in user's client, the customer company or person (`client`). */
export type ClientProfile = Ok<'getClient'>;
/** The portal sections the user's tenant enabled (`scopes`). */
export type PortalScopes = Ok<'getScopes'>;
/** A picture of the user or their client: the ids of its blobs and its size (`avatar.upload`). */
export type Avatar = components['schemas']['Avatar'];
/** The dashboard figures of the user's client (`dashboardStats`). */
export type DashboardStats = Ok<'getDashboardStats'>;
/** An invoice of the user's client (`invoices`). */
export type Invoice = components['schemas']['Invoice'];
/** An order of the user's client (`orders`). */
export type Order = components['schemas']['Order'];
/** An estimate of the user's client (`estimates`). */
export type Estimate = components['schemas']['Estimate'];
/** A page of a list: its items and the cursor of the next page (`null` on the last). */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}
/** The filters and paging of `invoices.list`: `{ state: 'unpaid', limit: 50 }`. */
export type InvoiceQuery = NonNullable<RequestQuery<'listInvoices'>>;
/** The filters and paging of `orders.list`. */
export type OrderQuery = NonNullable<RequestQuery<'listOrders'>>;
/** The filters and paging of `estimates.list`. */
export type EstimateQuery = NonNullable<RequestQuery<'listEstimates'>>;

/** One place the user is signed in (`signIns.list`): device, coarse network, times, and whether it is this one. */
export type SignIn = components['schemas']['Session'];
/** Which sign-ins `auth.logout` ends: `local` (the default), `others` or `global`. */
export type LogoutScope = components['schemas']['LogoutScope'];

/** The RFC 9457 problem body every error answer of the API carries. */
export type Problem = components['schemas']['Problem'];
/** The machine-readable `code` of a problem, from the contract's closed list: `code_invalid`, `rate_limited`... */
export type ProblemCode = Problem['code'];
/** One field error of a validation problem: where, what and a machine-readable code. */
export type FieldError = components['schemas']['FieldError'];

/** Options every SDK call accepts. */
export interface CallOptions {
  /** Aborts the call: it then rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal;
}

/** The options of `auth.logout`: which sign-ins end, `local` (this one) by default. */
export interface LogoutOptions extends CallOptions {
  scope?: LogoutScope;
}
