import { type paths, SESSION_MODE_COOKIE, SESSION_MODE_HEADER } from '@portal/contract';
import openapiFetch, { type Client, type Middleware } from 'openapi-fetch';
import { type AuthListener, createAuthEvents } from './auth-events.js';
import { authMiddleware } from './auth-middleware.js';
import { type DocumentList, documentList } from './documents.js';
import { PortalApiError, PortalNetworkError, PortalNoSessionError } from './errors.js';
import { createSessionKeeper } from './session-keeper.js';
import { memorySessionStore, type SessionStore } from './session-store.js';
import type {
  AuthTokens,
  Avatar,
  CallOptions,
  ClientProfile,
  DashboardStats,
  Estimate,
  EstimateQuery,
  Invoice,
  InvoiceQuery,
  LogoutOptions,
  MagicLinkRequest,
  Order,
  OrderQuery,
  PortalMe,
  PortalScopes,
  Session,
  SignIn,
  ValidateQuery,
  VerifyCodeRequest,
} from './types.js';
import { untilAborted } from './until-aborted.js';

// tsdown 0.21's CommonJS output of a "type": "module" package imports a default export with Node's
// semantics, handing over openapi-fetch's whole `exports` object (rolldown/rolldown#10800). The ESM
// build gets the function itself. `test/tarball.test.ts` runs both.
const createClient: typeof openapiFetch =
  (openapiFetch as typeof openapiFetch & { default?: typeof openapiFetch }).default ?? openapiFetch;

export interface PortalClientOptions {
  /** Where the API is, e.g. `https://portal.example.com` (without `/api/v1`). */
  baseUrl: string;
  /** The `fetch` to use; default `globalThis.fetch`, looked up on every call. */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Where the token pair is kept; default in memory. In a browser, `cookieSessionStore()` keeps the refresh
   * token in an `HttpOnly` cookie out of script's reach (cookie mode); see also `localStorageSessionStore`.
   */
  session?: SessionStore;
  /** Called once the server refused to refresh the session, after the session was cleared. */
  onSessionExpired?: (error: PortalApiError) => void;
}

export interface PortalClient {
  auth: {
    /**
     * Calls `listener` with each change of the session: first `initial_session` (the stored session, or
     * null), then `signed_in`, `token_refreshed` and `signed_out` with its `reason` (`logout`, `revoked`,
     * `expired`, or `other_tab` when another tab of the same storage signed out; a sign-in or refresh
     * there arrives as `signed_in` or `token_refreshed`). Returns the function that unsubscribes.
     */
    onStateChange(listener: AuthListener): () => void;
    /** Asks the API to mail a sign-in link. Resolves whether or not the user exists. */
    requestMagicLink(request: MagicLinkRequest, options?: CallOptions): Promise<void>;
    /** Redeems the token of a magic link and stores the token pair: the user is signed in. */
    validate(query: ValidateQuery, options?: CallOptions): Promise<AuthTokens>;
    /**
     * Signs in with the one-time code of the sign-in mail, typed on the device where sign-in started (the
     * mail read on another), and stores the token pair as `validate` does. A wrong, expired or used code is
     * a `PortalApiError` of status 401; after a few wrong codes the mail's code and link stop working, and
     * too many attempts for one address are a 429 (its `Retry-After` on `response`).
     */
    verifyCode(request: VerifyCodeRequest, options?: CallOptions): Promise<AuthTokens>;
    /** Rotates the token pair now and stores the new one. Rarely needed: calls refresh by themselves. */
    refresh(options?: CallOptions): Promise<AuthTokens>;
    /**
     * Revokes the session on the server and clears it here, even when the server cannot be reached.
     * `scope`: `local` (the default) this sign-in; `others` every other sign-in of the user, keeping this
     * one (nothing is cleared here); `global` all of them, this one included.
     */
    logout(options?: LogoutOptions): Promise<void>;
  };
  /** Where the user is signed in (devices), and ending one of those sign-ins. */
  signIns: {
    /** The user's live sign-ins, most recently used first; `current` marks this client's. */
    list(options?: CallOptions): Promise<SignIn[]>;
    /**
     * Ends one sign-in by its `id` from `list`: its tokens stop working at once. Ending this client's
     * own (`current` in the latest `list`) is a logout: the stored session is cleared. Another
     * person's id, an ended one or an unknown one are the same 404 `PortalApiError`.
     */
    end(id: string, options?: CallOptions): Promise<void>;
  };
  /** The signed-in portal user. */
  me(options?: CallOptions): Promise<PortalMe>;
  /** The signed-in user's client (the customer company or person). */
  client(options?: CallOptions): Promise<ClientProfile>;
  /** The portal sections the user's tenant enabled. */
  scopes(options?: CallOptions): Promise<PortalScopes>;
  /** The dashboard figures of the user's client. */
  dashboardStats(options?: CallOptions): Promise<DashboardStats>;
  /** The signed-in user's own picture. */
  avatar: {
    /**
     * Sets it from a PNG, JPEG or WebP image (a `File` from an `<input type="file">`, a `Blob` or bytes) and
     * returns the new `avatar`. A refused image is a `PortalApiError`: 415 for another format, 413 when too
     * large, 400 when damaged; 429 when changed too often.
     */
    upload(image: Blob | Uint8Array<ArrayBuffer>, options?: CallOptions): Promise<Avatar>;
    /** Removes it: `me().avatar` is then `null`. */
    remove(options?: CallOptions): Promise<void>;
  };
  /**
   * A URL that shows a picture (an avatar's `blobId` or `thumbnailBlobId`, of the user or of their client)
   * in an `<img src>`, which cannot send the access token: signed for this user, it works for one to two
   * hours and carries no token. A picture the user may not see is a `PortalApiError` of status 404.
   */
  pictureUrl(blobId: string, options?: CallOptions): Promise<string>;
  /** The invoices of the user's client (the tenant's `finance` section). */
  invoices: DocumentList<Invoice, InvoiceQuery>;
  /** The orders of the user's client (`finance` or `configurator` section). */
  orders: DocumentList<Order, OrderQuery>;
  /** The estimates of the user's client (`configurator` section). */
  estimates: DocumentList<Estimate, EstimateQuery>;
  /**
   * The stored session, or null when no one is signed in. In cookie mode the first call refreshes through
   * the cookie to learn whether a sign-in exists; it rejects with the API's `403` `csrf_refused` when the
   * API does not let this app's origin act on the cookie (a setting to fix, not a signed-out user).
   */
  getSession(): Promise<Session | null>;
  /**
   * Adds openapi-fetch middleware to every call. It runs inside the SDK's own auth handling: its
   * `onRequest` sees the request with its bearer token, its `onResponse` sees each answer before the SDK
   * answers a 401 by refreshing and retrying. The SDK's refresh request passes through it too; the retry is
   * sent without passing through middleware again.
   * Middleware runs in the order added for requests, and in reverse for responses.
   */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with `use`. */
  eject(...middleware: Middleware[]): void;
  /** The underlying openapi-fetch client, with the same bearer token and refresh handling. */
  raw: Client<paths>;
}

/**
 * Creates a typed client of the Portal API. Calls resolve with the response body and reject with a
 * `PortalApiError` (non-2xx), a `PortalNetworkError` (no answer) or the abort reason of their signal.
 */
export function createPortalClient(options: PortalClientOptions): PortalClient {
  const store = options.session ?? memorySessionStore();
  const customFetch = options.fetch;
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: async (request) => {
      try {
        // Called as a plain function: a browser's fetch throws when `this` is another object.
        return await (customFetch ? customFetch(request) : globalThis.fetch(request));
      } catch (error) {
        throw request.signal.aborted ? error : new PortalNetworkError(error);
      }
    },
  });
  // Listens to the other tabs only while someone listens to this client.
  const events = createAuthEvents(
    () =>
      store.subscribe?.(({ previous, next }) => {
        if (next) events.emit({ type: previous ? 'token_refreshed' : 'signed_in', session: next });
        else if (previous) events.emit({ type: 'signed_out', reason: 'other_tab' });
      }) ?? (() => undefined),
  );
  // Cookie mode: the auth operations ask for it with the header (which a cross-site form cannot send) and
  // send the cookie, cross-origin too; the body carries no refresh token.
  const cookieMode = store.refreshCookie === true;
  const sessionMode = cookieMode
    ? { headers: { [SESSION_MODE_HEADER]: SESSION_MODE_COOKIE }, credentials: 'include' as const }
    : {};
  const refreshBody = (refreshToken: string) => (cookieMode ? {} : { refreshToken });
  const keeper = createSessionKeeper({
    store,
    exchange: (refreshToken) =>
      expectOk(raw.POST('/api/v1/portal/auth/refresh', { body: refreshBody(refreshToken), ...sessionMode })),
    onSessionExpired: options.onSessionExpired,
    onEvent: events.emit,
  });
  // Added first, so that it wraps whatever `use` adds later.
  raw.use(authMiddleware(keeper));
  const signedOut = async () => {
    const wasSignedIn = (await store.get()) !== null;
    await store.clear();
    if (wasSignedIn) events.emit({ type: 'signed_out', reason: 'logout' });
  };

  // The id of this client's sign-in, as the latest list said: ending it is a logout.
  let currentSignInId: string | undefined;
  const signIn = async (pending: Promise<Result<AuthTokens>>) => {
    const tokens = await expectOk(pending);
    await keeper.save(tokens);
    currentSignInId = undefined;
    events.emit({ type: 'signed_in', session: tokens });
    return tokens;
  };

  return {
    auth: {
      onStateChange: (listener) => {
        let subscribed = true;
        let initialSent = false;
        const unsubscribe = events.subscribe((event) => {
          // Nothing before the initial session, which is read from an asynchronous store.
          if (initialSent) listener(event);
        });
        void keeper
          .ready()
          .then(() => store.get())
          .catch(() => null)
          .then((session) => {
            if (!subscribed) return;
            initialSent = true;
            listener({ type: 'initial_session', session });
          });
        return () => {
          subscribed = false;
          unsubscribe();
        };
      },
      requestMagicLink: (body, call) =>
        expectOk(raw.POST('/api/v1/portal/auth/request-magic-link', { body, signal: call?.signal })),
      validate: (query, call) =>
        signIn(
          raw.POST('/api/v1/portal/auth/validate', {
            params: { query },
            signal: call?.signal,
            ...sessionMode,
          }),
        ),
      verifyCode: (body, call) =>
        signIn(raw.POST('/api/v1/portal/auth/verify-code', { body, signal: call?.signal, ...sessionMode })),
      refresh: async (call) => {
        const session = await untilAborted(() => keeper.refresh(), call?.signal);
        if (!session) throw new PortalNoSessionError();
        return session;
      },
      logout: async (call) => {
        const scope = call?.scope;
        const keepsThisOne = scope === 'others';
        try {
          // Refreshed first if about to expire, so that the refresh token sent is the current one.
          const session = await keeper.current(call?.signal);
          if (!session) return;
          await expectOk(
            raw.POST('/api/v1/portal/auth/logout', {
              body: refreshBody(session.refreshToken),
              // Sent only when asked for: a client that never passes a scope sends what it always sent.
              ...(scope ? { params: { query: { scope } } } : {}),
              signal: call?.signal,
              ...sessionMode,
            }),
          );
        } finally {
          if (!keepsThisOne) await signedOut();
        }
      },
    },
    signIns: {
      list: async (call) => {
        const { items } = await expectOk(raw.GET('/api/v1/portal/sessions', { signal: call?.signal }));
        currentSignInId = items.find((s) => s.current)?.id;
        return items;
      },
      end: async (id, call) => {
        await expectOk(
          raw.DELETE('/api/v1/portal/sessions/{sessionId}', {
            params: { path: { sessionId: id } },
            signal: call?.signal,
          }),
        );
        if (id === currentSignInId) await signedOut();
      },
    },
    me: (call) => expectOk(raw.GET('/api/v1/portal/me', { signal: call?.signal })),
    client: (call) => expectOk(raw.GET('/api/v1/portal/client', { signal: call?.signal })),
    scopes: (call) => expectOk(raw.GET('/api/v1/portal/scopes', { signal: call?.signal })),
    dashboardStats: (call) => expectOk(raw.GET('/api/v1/portal/dashboard/stats', { signal: call?.signal })),
    avatar: {
      upload: (image, call) =>
        expectOk(
          raw.PUT('/api/v1/portal/me/avatar', {
            // The bytes as they are; the server judges them by their content, not by this media type.
            body: image as unknown as string,
            bodySerializer: (bytes) => bytes,
            headers: { 'Content-Type': mediaTypeOf(image) },
            signal: call?.signal,
          }),
        ),
      remove: (call) => expectOk(raw.DELETE('/api/v1/portal/me/avatar', { signal: call?.signal })),
    },
    pictureUrl: async (blobId, call) => {
      const { url } = await expectOk(
        raw.GET('/api/v1/portal/blobs/{blobId}/url', { params: { path: { blobId } }, signal: call?.signal }),
      );
      // A path on the API's origin: made absolute against an absolute base URL, kept as is on the app's own.
      return /^https?:\/\//.test(options.baseUrl) ? new URL(url, options.baseUrl).href : url;
    },
    invoices: documentList(
      (query, call) =>
        expectOk(raw.GET('/api/v1/portal/invoices', { params: { query }, signal: call?.signal })),
      (invoiceId, call) =>
        expectOk(
          raw.GET('/api/v1/portal/invoices/{invoiceId}', {
            params: { path: { invoiceId } },
            signal: call?.signal,
          }),
        ),
    ),
    orders: documentList(
      (query, call) =>
        expectOk(raw.GET('/api/v1/portal/orders', { params: { query }, signal: call?.signal })),
      (orderId, call) =>
        expectOk(
          raw.GET('/api/v1/portal/orders/{orderId}', { params: { path: { orderId } }, signal: call?.signal }),
        ),
    ),
    estimates: documentList(
      (query, call) =>
        expectOk(raw.GET('/api/v1/portal/estimates', { params: { query }, signal: call?.signal })),
      (estimateId, call) =>
        expectOk(
          raw.GET('/api/v1/portal/estimates/{estimateId}', {
            params: { path: { estimateId } },
            signal: call?.signal,
          }),
        ),
    ),
    getSession: async () => {
      await keeper.ready();
      return store.get();
    },
    use: (...middleware) => raw.use(...middleware),
    eject: (...middleware) => raw.eject(...middleware),
    raw,
  };
}

// A Blob says what it is; bytes are sent as PNG, which the server reads as whatever they really are.
const mediaTypeOf = (image: Blob | Uint8Array) =>
  image instanceof Uint8Array || !['image/png', 'image/jpeg', 'image/webp'].includes(image.type)
    ? 'image/png'
    : image.type;

type Result<Data> = { data?: Data; error?: unknown; response: Response };

/** The body of a 2xx answer; any other status becomes a PortalApiError. */
async function expectOk<Data>(pending: Promise<Result<Data>>): Promise<Data> {
  const { data, error, response } = await pending;
  if (!response.ok) throw new PortalApiError(response, error);
  return data as Data;
}
