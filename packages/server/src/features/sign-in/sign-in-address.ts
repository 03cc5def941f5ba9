/** The (tenant, email) a sign-in request names, read the same way by every sign-in operation. */
export interface SignInAddress {
  /** Trimmed; compared case-insensitively by the queries. */
  email: string;
  /** Trimmed and lower-cased: tenant codes are lowercase in the database (a check constraint). */
  tenantCode: string;
  /** The per-address rate-limit key. */
  limitKey: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Canonical email and tenant code of a request. `request-magic-link` and `verify-code` both read them here:
 * a code must be found under exactly the address its mail was requested for, and a text one path handled
 * and the other did not would be a 500 (PostgreSQL text holds neither U+0000 nor a lone UTF-16 surrogate, a
 * query would fail with 22021: U+FFFD in their place keeps such a value unknown).
 */
export function signInAddress({ email, tenantCode }: { email: string; tenantCode: string }): SignInAddress {
  const canonicalEmail = storable(email.trim());
  const canonicalTenant = storable(tenantCode.trim().toLowerCase());
  return {
    email: canonicalEmail,
    tenantCode: canonicalTenant,
    limitKey: `${canonicalTenant}\n${canonicalEmail.toLowerCase()}`,
  };
}

function storable(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}
