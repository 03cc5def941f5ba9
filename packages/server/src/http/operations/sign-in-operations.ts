import { logoutClearsRefreshCookie, type SignInRefusalCode } from '@portal/contract';
import type { Request } from 'express';
import { problems } from '../../errors/problem-error.js';
import { endSignIn, listSignIns } from '../../features/sign-in/devices.js';
import { logout } from '../../features/sign-in/logout.js';
import { redeemMagicLink } from '../../features/sign-in/redeem-magic-link.js';
import { requestMagicLink } from '../../features/sign-in/request-magic-link.js';
import { rotateRefreshToken } from '../../features/sign-in/rotate-refresh-token.js';
import type { IssuedTokens } from '../../features/sign-in/session-tokens.js';
import type { AuthDeps } from '../../features/sign-in/sign-in-deps.js';
import { verifySignInCode } from '../../features/sign-in/verify-sign-in-code.js';
import { refreshTokenFromCookie } from '../csrf-guard.js';
import type { OperationHandlers } from '../operation-handler.js';
import { clearRefreshCookie, inCookieMode, refreshCookieOf, setRefreshCookie } from '../refresh-cookie.js';

type AuthOperations =
  | 'requestMagicLink'
  | 'validateMagicLink'
  | 'verifyCode'
  | 'refreshSession'
  | 'logout'
  | 'listSessions'
  | 'endSession';

/** What cookie mode needs of the configuration: the origins that may act on the cookie (CORS_ORIGINS). */
export interface CookieModeSettings {
  origins: ReadonlySet<string>;
  production: boolean;
}

/** The sign-in operations: HTTP in and out, the stories themselves in features/sign-in. */
export function authOperations(
  deps: AuthDeps,
  cookieMode: CookieModeSettings,
): Pick<OperationHandlers, AuthOperations> {
  // Cookie mode: the refresh token goes into the HttpOnly cookie, for as long as the sign-in can last, and
  // the body's is empty, as the contract says.
  const answer = (req: Request, { tokens, signInEndsAt }: IssuedTokens) => {
    if (!inCookieMode(req)) return { status: 200 as const, body: tokens };
    const lifetimeMs = signInEndsAt.getTime() - deps.clock().getTime();
    setRefreshCookie(req, cookieMode.production, tokens.refreshToken, lifetimeMs);
    return { status: 200 as const, body: { ...tokens, refreshToken: '' } };
  };
  return {
    requestMagicLink: async ({ body, ip, userAgent }) => {
      await requestMagicLink(deps, { email: body.email, tenantCode: body.tenantCode, ip, userAgent });
      return { status: 204 };
    },
    validateMagicLink: async ({ query, ip, userAgent, req }) => {
      const issued = await redeemMagicLink(deps, { token: query.token, ip, userAgent });
      return answer(req, tokensOrUnauthorized(issued, 'code_expired_or_used'));
    },
    verifyCode: async ({ body, ip, userAgent, req }) => {
      const issued = await verifySignInCode(deps, { ...body, ip, userAgent });
      return answer(req, tokensOrUnauthorized(issued, 'code_invalid'));
    },
    refreshSession: async ({ body, ip, req }) => {
      const refreshToken = body.refreshToken ?? refreshTokenFromCookie(req, cookieMode);
      // Cookie mode without a cookie: there is no sign-in to refresh, which is what the SDK asks on load.
      if (refreshToken === undefined) throw problems.invalidToken('session_ended');
      const issued = await rotateRefreshToken(deps, { refreshToken, ip });
      return answer(req, tokensOrUnauthorized(issued, 'session_ended'));
    },
    logout: async ({ body, query, principal, req }) => {
      const scope = query?.scope;
      const refreshToken = body.refreshToken ?? refreshTokenFromCookie(req, cookieMode);
      await logout(deps, { refreshToken, principal, scope });
      const cookie = refreshCookieOf(req, cookieMode.production);
      if (
        logoutClearsRefreshCookie({
          scope,
          bodyToken: body.refreshToken,
          cookie,
          cookieMode: inCookieMode(req),
        })
      )
        clearRefreshCookie(req, cookieMode.production);
      return { status: 204 };
    },
    listSessions: async ({ principal, req }) => {
      // The contract says this read takes no body; one sent anyway is refused rather than ignored.
      if (carriesBody(req)) throw problems.requestInvalid([NO_BODY]);
      return { status: 200, body: await listSignIns(deps, principal) };
    },
    endSession: async ({ params, principal }) => {
      await endSignIn(deps, principal, params.sessionId);
      return { status: 204 };
    },
  };
}

const NO_BODY = { path: '/body', message: 'must be empty: this operation takes no body', code: 'body' };

// RFC 9112, 6.3: a request has content when it says a non-zero length or a transfer coding.
function carriesBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

// One detail for every refused token: unknown, expired, used, rotated and revoked look alike; the code
// says only which kind of token it was.
function tokensOrUnauthorized(issued: IssuedTokens | null, code: SignInRefusalCode): IssuedTokens {
  if (!issued) throw problems.invalidToken(code);
  return issued;
}
