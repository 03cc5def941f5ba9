import type { SignInRefusalCode } from '@portal/contract';
import type { Request } from 'express';
import { problems } from '../../errors/problem-error.js';
import { endSignIn, listSignIns } from '../../features/sign-in/devices.js';
import { logout } from '../../features/sign-in/logout.js';
import { redeemMagicLink } from '../../features/sign-in/redeem-magic-link.js';
import { requestMagicLink } from '../../features/sign-in/request-magic-link.js';
import { rotateRefreshToken } from '../../features/sign-in/rotate-refresh-token.js';
import type { AuthTokens } from '../../features/sign-in/session-tokens.js';
import type { AuthDeps } from '../../features/sign-in/sign-in-deps.js';
import { verifySignInCode } from '../../features/sign-in/verify-sign-in-code.js';
import type { OperationHandlers } from '../operation-handler.js';

type AuthOperations =
  | 'requestMagicLink'
  | 'validateMagicLink'
  | 'verifyCode'
  | 'refreshSession'
  | 'logout'
  | 'listSessions'
  | 'endSession';

/** The sign-in operations: HTTP in and out, the stories themselves in features/sign-in. */
export function authOperations(deps: AuthDeps): Pick<OperationHandlers, AuthOperations> {
  return {
    requestMagicLink: async ({ body, ip, userAgent }) => {
      await requestMagicLink(deps, { email: body.email, tenantCode: body.tenantCode, ip, userAgent });
      return { status: 204 };
    },
    validateMagicLink: async ({ query, ip, userAgent }) => {
      return tokensOrUnauthorized(
        await redeemMagicLink(deps, { token: query.token, ip, userAgent }),
        'code_expired_or_used',
      );
    },
    verifyCode: async ({ body, ip, userAgent }) => {
      return tokensOrUnauthorized(await verifySignInCode(deps, { ...body, ip, userAgent }), 'code_invalid');
    },
    refreshSession: async ({ body, ip }) => {
      return tokensOrUnauthorized(
        await rotateRefreshToken(deps, { refreshToken: body.refreshToken, ip }),
        'session_ended',
      );
    },
    logout: async ({ body, query, principal }) => {
      await logout(deps, { refreshToken: body.refreshToken, principal, scope: query?.scope });
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
function tokensOrUnauthorized(
  tokens: AuthTokens | null,
  code: SignInRefusalCode,
): { status: 200; body: AuthTokens } {
  if (!tokens) throw problems.invalidToken(code);
  return { status: 200, body: tokens };
}
