import { delay, HttpResponse, http } from 'msw';
import { createPortalClient, type PortalClient, type PortalClientOptions } from '../create-portal-client.js';
import { memorySessionStore } from '../session-store.js';
import type {
  AuthTokens,
  ClientProfile,
  DashboardStats,
  PortalMe,
  PortalScopes,
  Problem,
  Session,
} from '../types.js';

/** Where the tests' API lives. One constant, so a run against other handlers or a real server swaps it. */
export const BASE_URL = 'http://portal.test';
export const apiUrl = (path: string): string => `${BASE_URL}/api/v1/portal${path}`;

/** A stored session, for the stores' own tests. */
export const SESSION: Session = {
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  accessExpiresUnix: 1_900_000_000,
  id: 'user-1',
  username: 'ada@example.com',
};

export const ME: PortalMe = {
  id: 'user-1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  clientId: 'client-1',
  clientName: 'Lovelace Engineering Ltd',
  avatar: null,
};
export const CLIENT: ClientProfile = {
  id: 'client-1',
  name: 'Lovelace Engineering Ltd',
  email: 'office@lovelace.example',
  phone: null,
  billingAddress: null,
  avatar: { blobId: 'logo', thumbnailBlobId: 'logo-thumb', width: 512, height: 512 },
};
export const SCOPES: PortalScopes = { configurator: true, finance: true, support: false };
export const STATS: DashboardStats = {
  currency: 'EUR',
  openOrders: 3,
  pendingEstimates: 1,
  unpaidInvoices: 2,
  totalOutstanding: 1250.5,
};

// The server's cookie on plain-http localhost (no `Secure`), as @portal/contract names it.
const COOKIE = 'portal-refresh';
const COOKIE_ATTRIBUTES = 'Path=/api/v1/portal/auth; HttpOnly; SameSite=Strict';

function refreshCookieOf(request: Request): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  return header
    .split(/;\s*/)
    .find((pair) => pair.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
}

/** A problem+json answer in the shape the server sends (RFC 9457). */
export function problem(status: number, detail: string, extra: Partial<Problem> = {}): HttpResponse<Problem> {
  const body: Problem = {
    type: 'about:blank',
    title: status === 401 ? 'Unauthorized' : `Status ${status}`,
    status,
    detail,
    time: new Date().toISOString(),
    code: status === 401 ? 'invalid_token' : status === 429 ? 'rate_limited' : 'validation_failed',
    ...extra,
  };
  return HttpResponse.json(body, { status, headers: { 'Content-Type': 'application/problem+json' } });
}

/**
 * A stand-in for the server's sign-in with one user: it issues numbered token pairs, rotates refresh
 * tokens, checks the bearer token of every authenticated call and records what it was sent.
 */
export class FakePortalApi {
  /** The magic-link token `validate` accepts, once. */
  readonly magicToken = 'magic-token';
  accessToken: string | null = null;
  refreshToken: string | null = null;
  /** How long the access tokens it issues live, in seconds. */
  accessTtlSeconds = 900;
  /** How long `refresh` takes to answer, so that tests can pile concurrent requests on it. */
  refreshDelayMs = 0;
  /** Every request, as `METHOD /path bearer-token-or-none`. */
  readonly calls: string[] = [];
  /** The requests that asked for cookie mode, as `METHOD /path body-json cookie-or-none`. */
  readonly cookieCalls: string[] = [];
  private issued = 0;
  private magicTokenUsed = false;
  private refreshGate: Promise<void> | undefined;

  /** Holds every `refresh` answer until the returned function is called. */
  holdRefreshes(): () => void {
    let release = () => {};
    this.refreshGate = new Promise((resolve) => {
      release = resolve;
    });
    return release;
  }

  /** Issues the next token pair and makes it the only valid one. */
  issue(): AuthTokens {
    this.issued += 1;
    this.accessToken = `access-${this.issued}`;
    this.refreshToken = `refresh-${this.issued}`;
    return {
      accessToken: this.accessToken,
      refreshToken: this.refreshToken,
      accessExpiresUnix: Math.floor(Date.now() / 1000) + this.accessTtlSeconds,
      id: ME.id,
      username: ME.email,
    };
  }

  /** A client of this API whose in-memory session holds the next issued token pair. */
  signedInClient(options: Partial<PortalClientOptions> = {}): PortalClient {
    return createPortalClient({ baseUrl: BASE_URL, session: memorySessionStore(this.issue()), ...options });
  }

  /** The server stops accepting the current access token, as it does when the token expires. */
  expireAccessToken(): void {
    this.accessToken = null;
  }

  get refreshCalls(): number {
    return this.calls.filter((call) => call.startsWith('POST /auth/refresh')).length;
  }

  handlers() {
    const authenticated = <T>(path: string, body: T) =>
      http.get(apiUrl(path), ({ request }) => {
        const bearer = this.record(request);
        if (!bearer || bearer !== this.accessToken) return problem(401, 'A valid access token is required.');
        return HttpResponse.json(body as object);
      });
    return [
      http.post(apiUrl('/auth/request-magic-link'), async ({ request }) => {
        this.record(request);
        const body = (await request.json()) as { email?: unknown; tenantCode?: unknown };
        if (typeof body.email !== 'string' || typeof body.tenantCode !== 'string') {
          return problem(400, 'The request is not valid.', {
            errors: [
              { path: '/body/email', message: "must have required property 'email'", code: 'required' },
            ],
          });
        }
        return new HttpResponse(null, { status: 204 });
      }),
      http.post(apiUrl('/auth/validate'), async ({ request }) => {
        this.record(request);
        const cookieMode = await this.recordCookieMode(request);
        const token = new URL(request.url).searchParams.get('token');
        if (token !== this.magicToken || this.magicTokenUsed) {
          return problem(401, 'The token is invalid or has expired.');
        }
        this.magicTokenUsed = true;
        return this.tokensAnswer(this.issue(), cookieMode);
      }),
      http.post(apiUrl('/auth/refresh'), async ({ request }) => {
        this.record(request);
        const cookieMode = await this.recordCookieMode(request);
        const body = (await request.json()) as { refreshToken?: string };
        const refreshToken = body.refreshToken ?? (cookieMode ? refreshCookieOf(request) : undefined);
        await delay(this.refreshDelayMs);
        await this.refreshGate;
        if (!refreshToken || refreshToken !== this.refreshToken) {
          this.accessToken = this.refreshToken = null;
          return problem(401, 'The token is invalid or has expired.', { code: 'session_ended' });
        }
        return this.tokensAnswer(this.issue(), cookieMode);
      }),
      http.post(apiUrl('/auth/logout'), async ({ request }) => {
        const bearer = this.record(request);
        const cookieMode = await this.recordCookieMode(request);
        if (!bearer || bearer !== this.accessToken) return problem(401, 'A valid access token is required.');
        const body = (await request.json()) as { refreshToken?: string };
        const refreshToken = body.refreshToken ?? (cookieMode ? refreshCookieOf(request) : undefined);
        if (refreshToken === this.refreshToken) this.accessToken = this.refreshToken = null;
        const headers = cookieMode
          ? { 'Set-Cookie': `${COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0` }
          : undefined;
        return new Response(null, { status: 204, headers });
      }),
      authenticated('/me', ME),
      authenticated('/client', CLIENT),
      authenticated('/scopes', SCOPES),
      authenticated('/dashboard/stats', STATS),
    ];
  }

  /** Whether the request asked for cookie mode; if so it is recorded in `cookieCalls`. */
  private async recordCookieMode(request: Request): Promise<boolean> {
    if (request.headers.get('Portal-Session') !== 'cookie') return false;
    const path = new URL(request.url).pathname.replace('/api/v1/portal', '');
    const body = request.method === 'POST' ? await request.clone().text() : '';
    this.cookieCalls.push(`${request.method} ${path} ${body || '-'} ${refreshCookieOf(request) ?? 'none'}`);
    return true;
  }

  /** The token pair in the body, or in cookie mode the refresh token as the cookie and "" in the body. */
  // A plain Response: MSW keeps the cookies of its own HttpResponse in a jar of the whole process.
  private tokensAnswer(tokens: AuthTokens, cookieMode: boolean): Response {
    if (!cookieMode) return HttpResponse.json(tokens);
    const cookie = `${COOKIE}=${tokens.refreshToken}; ${COOKIE_ATTRIBUTES}; Max-Age=2592000`;
    return new Response(JSON.stringify({ ...tokens, refreshToken: '' }), {
      headers: { 'Content-Type': 'application/json', 'Set-Cookie': cookie },
    });
  }

  private record(request: Request): string | undefined {
    const bearer = request.headers.get('Authorization')?.replace(/^Bearer /, '');
    const path = new URL(request.url).pathname.replace('/api/v1/portal', '');
    this.calls.push(`${request.method} ${path} ${bearer ?? 'none'}`);
    return bearer;
  }
}
