import type { Request } from 'express';
import { problems } from '../errors/problem-error.js';
import { inCookieMode, refreshCookieOf } from './refresh-cookie.js';

// What the validator said of a refresh or logout without a token, before the token could come from a cookie.
const TOKEN_REQUIRED = {
  path: '/body/refreshToken',
  message: "must have required property 'refreshToken'",
  code: 'required',
};

/**
 * The refresh token of a refresh or logout whose body carries none: the refresh cookie's, after the checks
 * that a cross-site request cannot pass (OWASP CSRF cheat sheet: Origin verification and a custom header).
 * - In cookie mode, the `Origin` must be one of CORS_ORIGINS, else 403 `csrf_refused`. The header itself
 *   is the second check: a form cannot send it, another origin's script only after a refused preflight.
 *   Undefined when there is no cookie (the caller answers as for a token that is no more).
 * - Without the header, a refresh cookie is refused (403): the request would act on the cookie alone.
 *   With no cookie either, the body lacked its token: 400, as the body's validation always answered.
 */
export function refreshTokenFromCookie(
  req: Request,
  { origins, production }: { origins: ReadonlySet<string>; production: boolean },
): string | undefined {
  const token = refreshCookieOf(req, production);
  if (!inCookieMode(req)) {
    if (token !== undefined) throw problems.csrfRefused();
    throw problems.requestInvalid([TOKEN_REQUIRED]);
  }
  if (!origins.has(req.get('origin') ?? '')) throw problems.csrfRefused();
  return token;
}
