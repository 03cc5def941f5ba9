import { operationList } from '@portal/contract';
import type { Middleware } from 'openapi-fetch';
import type { SessionKeeper } from './session-keeper.js';
import { untilAborted } from './until-aborted.js';

/**
 * The paths of the operations anyone may call, from the contract's generated facts. They carry no bearer
 * token, and a 401 from them is about the token in the request (a used magic link, a refused refresh
 * token), never a reason to refresh.
 */
const PUBLIC_PATHS: ReadonlySet<string> = new Set(
  operationList.filter((op) => !op.bearer).map((op) => op.path),
);

interface SentWithSession {
  accessToken: string;
  /** A copy taken before sending: a body can be read only once, and a retry sends it again. */
  copy: Request;
}

/**
 * openapi-fetch middleware that puts the session's bearer token on every request that needs one
 * (RFC 6750, section 2.1), refreshing it first when it is about to expire, and that answers a 401 by
 * refreshing once and retrying the request once.
 */
export function authMiddleware(keeper: SessionKeeper): Middleware {
  const sent = new WeakMap<Request, SentWithSession>();
  return {
    async onRequest({ request, schemaPath }) {
      if (PUBLIC_PATHS.has(schemaPath)) return;
      const session = await keeper.current(request.signal);
      if (!session) return;
      request.headers.set('Authorization', `Bearer ${session.accessToken}`);
      sent.set(request, { accessToken: session.accessToken, copy: request.clone() });
    },
    async onResponse({ request, response, options }) {
      const first = sent.get(request);
      sent.delete(request);
      if (response.status !== 401 || !first) return;
      const session = await untilAborted(() => keeper.refresh(first.accessToken), request.signal);
      if (!session) return;
      // The 401's body is not needed: release the connection. Not awaited, since some fetch stand-ins (MSW)
      // settle a cancel only once the stream ends; a failure to cancel changes nothing for the caller.
      response.body?.cancel().catch(() => undefined);
      first.copy.headers.set('Authorization', `Bearer ${session.accessToken}`);
      return options.fetch(first.copy);
    },
  };
}
