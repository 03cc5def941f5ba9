import type { AuthTokens } from '../data/factories.js';
import type { GuardedServer } from './guarded-server.js';

export const PATHS = {
  requestMagicLink: '/api/v1/portal/auth/request-magic-link',
  validate: '/api/v1/portal/auth/validate',
  refresh: '/api/v1/portal/auth/refresh',
  logout: '/api/v1/portal/auth/logout',
  me: '/api/v1/portal/me',
  client: '/api/v1/portal/client',
  scopes: '/api/v1/portal/scopes',
  dashboard: '/api/v1/portal/dashboard/stats',
} as const;

/** A JSON POST. */
export function postJson(api: GuardedServer['api'], path: string, body: unknown, headers: HeadersInit = {}) {
  return api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A GET with the access token. */
export function getWith(api: GuardedServer['api'], path: string, accessToken: string) {
  return api(path, { headers: bearer(accessToken) });
}

export async function validate(api: GuardedServer['api'], token: string) {
  return api(`${PATHS.validate}?token=${encodeURIComponent(token)}`, { method: 'POST' });
}

export async function refresh(api: GuardedServer['api'], refreshToken: string) {
  return postJson(api, PATHS.refresh, { refreshToken });
}

export async function tokensOf(res: Response): Promise<AuthTokens> {
  if (res.status !== 200) throw new Error(`expected tokens, got ${res.status}: ${await res.text()}`);
  return (await res.json()) as AuthTokens;
}
