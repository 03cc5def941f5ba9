import type { LogoutOptions, MagicLinkRequest, VerifyCodeRequest } from '@portal/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type SessionState, usePortalContext } from './portal-provider.js';
import { SIGN_INS } from './query-hooks.js';

/** The app's `PortalClient`, for what no hook covers. */
export function usePortal() {
  return usePortalContext().client;
}

/**
 * Whether someone is signed in: `loading` until the stored session is read, then `signed-in` with the
 * session or `signed-out` with the reason (`logout`, `revoked`, `expired`, `other_tab`). It follows the
 * client's auth events, other tabs included.
 */
export function useSession(): SessionState {
  return usePortalContext().session;
}

/** Asks the API to mail a sign-in link (and code). Resolves whether or not the address is registered. */
export function useRequestSignIn() {
  const { client } = usePortalContext();
  return useMutation({ mutationFn: (request: MagicLinkRequest) => client.auth.requestMagicLink(request) });
}

/** Signs in with the token of a magic link; the session follows through `useSession`. */
export function useSignInWithLink() {
  const { client } = usePortalContext();
  return useMutation({ mutationFn: (token: string) => client.auth.validate({ token }) });
}

/** Signs in with the one-time code of the sign-in mail. */
export function useSignInWithCode() {
  const { client } = usePortalContext();
  return useMutation({ mutationFn: (request: VerifyCodeRequest) => client.auth.verifyCode(request) });
}

/**
 * Logs out: `local` (default), `others` or `global` scope; the session is cleared here even offline. With
 * `others`, the user stays signed in here and `useSignIns` reads the list again.
 */
export function useLogout() {
  const { client } = usePortalContext();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (options?: LogoutOptions) => client.auth.logout(options),
    onSettled: (_data, _error, options) =>
      options?.scope === 'others' ? queryClient.invalidateQueries({ queryKey: SIGN_INS }) : undefined,
  });
}
