import type { MagicLinkRequest } from '@portal/client';

const KEY = 'portal-web:last-sign-in';

/**
 * The email and tenant code of the last link requested on this device, so that a person whose link expired
 * can ask for a new one without typing them again. Only what they typed themselves; never a token.
 */
export function loadLastSignIn(): MagicLinkRequest {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<MagicLinkRequest> | null;
    return { email: saved?.email ?? '', tenantCode: saved?.tenantCode ?? '' };
  } catch {
    return { email: '', tenantCode: '' };
  }
}

export function saveLastSignIn(request: MagicLinkRequest): void {
  localStorage.setItem(KEY, JSON.stringify(request));
}
