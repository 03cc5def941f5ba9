import { PortalApiError } from '@portal/client';
import { describeError } from './describe-error';

/** Wrong codes a mail allows before its code and link stop working (the server's default). */
export const CODE_ATTEMPTS_PER_MAIL = 5;

const CODE = /^[2-9A-HJ-NP-Z]{4}-?[2-9A-HJ-NP-Z]{4}$/;

/**
 * The code as typed or pasted, made sendable: white space anywhere removed (a pasted "7KQM P3XR", a line
 * break), upper case. Undefined when it cannot be a code, so that nothing is sent and no try is spent.
 */
export function readCode(typed: string): string | undefined {
  const code = typed.replace(/\s+/g, '').toUpperCase();
  return CODE.test(code) ? code : undefined;
}

/** What to tell a person whose code was refused, after `wrongSoFar` wrong codes for this mail. */
export function describeCodeError(error: unknown, wrongSoFar: number): string {
  if (error instanceof PortalApiError && error.status === 401) {
    const left = CODE_ATTEMPTS_PER_MAIL - wrongSoFar;
    if (left <= 0) {
      return 'Too many wrong codes: this code no longer works, and neither does the link in that mail. Ask for a new mail.';
    }
    return `That code is not right, or it has expired or was already used. Check the newest mail: ${left} ${left === 1 ? 'try' : 'tries'} left before the code stops working.`;
  }
  if (error instanceof PortalApiError && error.status === 429) {
    return `Too many attempts. ${describeError(error)}`;
  }
  return describeError(error);
}
