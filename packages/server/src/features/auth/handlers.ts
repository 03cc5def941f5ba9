import type { OperationHandlers } from '../../http/operation-handler.js';
import { HttpProblem } from '../../http/problem.js';
import { principalOf } from '../../http/routes.js';
import type { AuthDeps } from './auth-deps.js';
import { logout } from './logout.js';
import { redeemMagicLink } from './redeem-magic-link.js';
import { requestMagicLink } from './request-magic-link.js';
import { rotateRefreshToken } from './rotate-refresh-token.js';
import type { AuthTokens } from './session-tokens.js';

type AuthOperations = 'requestMagicLink' | 'validateMagicLink' | 'refreshSession' | 'logout';

export function authHandlers(deps: AuthDeps): Pick<OperationHandlers, AuthOperations> {
  return {
    requestMagicLink: async ({ body, ip, userAgent }) => {
      await requestMagicLink(deps, { email: body.email, tenantCode: body.tenantCode, ip, userAgent });
      return { status: 204 };
    },
    validateMagicLink: async ({ query, ip }) => {
      return tokensOrUnauthorized(await redeemMagicLink(deps, { token: query.token, ip }));
    },
    refreshSession: async ({ body, ip }) => {
      return tokensOrUnauthorized(await rotateRefreshToken(deps, { refreshToken: body.refreshToken, ip }));
    },
    logout: async (ctx) => {
      await logout(deps, { refreshToken: ctx.body.refreshToken, principal: principalOf(ctx) });
      return { status: 204 };
    },
  };
}

// One detail for every refused token: unknown, expired, used, rotated and revoked look alike.
function tokensOrUnauthorized(tokens: AuthTokens | null): { status: 200; body: AuthTokens } {
  if (!tokens) throw new HttpProblem(401, { detail: 'The token is invalid or has expired.' });
  return { status: 200, body: tokens };
}
