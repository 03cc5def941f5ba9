import type { OperationId } from './operation-types.js';

/**
 * What server and mocks do to a request body before it is checked against the contract, by operation:
 * people type emails and tenant codes on phones, whose keyboards add a space after a word, and in any case.
 * The contract's schemas describe the values after this.
 */
export const requestNormalizers: Partial<Record<OperationId, (body: unknown) => unknown>> = {
  requestMagicLink: normalizeSignInFields,
  // The same reading of the address as requestMagicLink: a code is found under the address its mail was
  // asked for. A pasted code often brings white space along.
  verifyCode: (body) => trimField(normalizeSignInFields(body), 'code'),
};

function trimField(body: unknown, name: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? { ...body, [name]: value.trim() } : body;
}

/** Trims `email` and `tenantCode` and lower-cases `tenantCode`, when they are strings; leaves the rest. */
function normalizeSignInFields(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const fields = { ...(body as Record<string, unknown>) };
  if (typeof fields.email === 'string') fields.email = fields.email.trim();
  if (typeof fields.tenantCode === 'string') fields.tenantCode = fields.tenantCode.trim().toLowerCase();
  return fields;
}
