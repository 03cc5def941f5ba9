// A consumer's TypeScript, type-checked against the packed tarball only: no other @portal package is
// installed next to it.
import {
  type ClientProfile,
  createPortalClient,
  localStorageSessionStore,
  memorySessionStore,
  PortalApiError,
  type PortalMe,
  PortalNetworkError,
} from '@portal/client';
import { portalClientForRequest, requestCookies } from '@portal/client/server';

const portal = createPortalClient({
  baseUrl: 'https://portal.example',
  session: typeof localStorage === 'undefined' ? memorySessionStore() : localStorageSessionStore(),
  onSessionExpired: (error) => console.log(error.status, error.title),
});

export async function signIn(token: string): Promise<string> {
  await portal.auth.requestMagicLink({ email: 'ada@example.com', tenantCode: 'demo' });
  const tokens = await portal.auth.validate({ token });
  return tokens.accessToken;
}

export async function profile(signal: AbortSignal): Promise<[PortalMe, ClientProfile, number]> {
  try {
    const [me, client, scopes, stats] = await Promise.all([
      portal.me({ signal }),
      portal.client({ signal }),
      portal.scopes({ signal }),
      portal.dashboardStats({ signal }),
    ]);
    const sections: boolean = scopes.finance;
    return [me, client, sections ? stats.totalOutstanding : 0];
  } catch (error) {
    if (error instanceof PortalApiError) console.log(error.status, error.detail, error.errors[0]?.path);
    if (error instanceof PortalNetworkError) console.log(error.cause);
    throw error;
  } finally {
    await portal.auth.logout();
  }
}

export async function misspelt(): Promise<void> {
  const me = await portal.me();
  // @ts-expect-error: the bundled declarations keep the contract's field names
  console.log(me.firstname);
  // @ts-expect-error: and the request bodies' field names
  await portal.auth.requestMagicLink({ emial: 'ada@example.com', tenantCode: 'demo' });
  // @ts-expect-error: and the raw client's paths
  await portal.raw.GET('/api/v1/portal/nothing-here');
}

// The server entry: a client per incoming request, its cookies through an adapter.
export async function renderedFirstName(
  cookieHeader: string | undefined,
  setCookies: string[],
): Promise<string> {
  const forRequest = portalClientForRequest({
    baseUrl: 'https://api.portal.example',
    origin: 'https://portal.example',
    cookies: requestCookies(cookieHeader, (c) => setCookies.push(c)),
  });
  return (await forRequest.me()).firstName;
}
