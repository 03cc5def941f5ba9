import type { Schemas } from '@portal/contract';
import type { Backend } from './backend.js';
import { callerFor, readJson } from './call-operation.js';

/**
 * The token of a sign-in mail to `email` other than `previous`, as soon as one arrives (the server sends
 * mail from its outbox, in the background).
 */
export async function nextSignInToken(
  backend: Backend,
  email: string,
  previous: string | undefined,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const token = await backend.latestSignInToken(email);
    if (token && token !== previous) return token;
    if (Date.now() > deadline) throw new Error(`no new sign-in mail to ${email} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Asks for a sign-in link for `email` of the backend's tenant and returns the token its mail carries. */
export async function requestSignInToken(backend: Backend, email: string): Promise<string> {
  const previous = await backend.latestSignInToken(email);
  const res = await callerFor(backend.baseUrl)('requestMagicLink', {
    body: { email, tenantCode: backend.accounts.tenantCode },
  });
  if (res.status !== 204) throw new Error(`request-magic-link answered ${res.status}: ${await res.text()}`);
  return nextSignInToken(backend, email, previous);
}

/**
 * Asks for a sign-in mail for `email` of the backend's tenant and returns what it carries: the link's token
 * and the one-time code.
 */
export async function requestSignInMail(
  backend: Backend,
  email: string,
): Promise<{ token: string; code: string }> {
  const token = await requestSignInToken(backend, email);
  const code = await backend.latestSignInCode(email);
  if (!code) throw new Error(`the sign-in mail to ${email} carries no code`);
  return { token, code };
}

/** Signs `email` in as a person does: asks for a link, takes the token from the mail, validates it. */
export async function signInByMail(backend: Backend, email: string): Promise<Schemas['AuthTokens']> {
  const token = await requestSignInToken(backend, email);
  const res = await callerFor(backend.baseUrl)('validateMagicLink', { query: { token } });
  return readJson(res, 'validateMagicLink', 200);
}
