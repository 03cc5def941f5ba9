import type { OperationId } from './operation-types.js';

/**
 * What server and mocks do to a request body before it is checked against the contract, by operation:
 * people type emails and tenant codes on phones, whose keyboards add a space after a word, and in any case.
 * The contract's schemas describe the values after this.
 */
export const requestNormalizers: Partial<Record<OperationId, (body: unknown) => unknown>> = {
  requestMagicLink: normalizeSignInFields,
};

/** Trims `email` and `tenantCode` and lower-cases `tenantCode`, when they are strings; leaves the rest. */
function normalizeSignInFields(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const fields = { ...(body as Record<string, unknown>) };
  if (typeof fields.email === 'string') fields.email = fields.email.trim();
  if (typeof fields.tenantCode === 'string') fields.tenantCode = fields.tenantCode.trim().toLowerCase();
  return fields;
}
