import { PortalApiError, PortalNetworkError } from '@portal/client';

/** What to tell a person about a failed call: the API's own words where they help, never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof PortalApiError) {
    // RFC 9457: `detail` is written for the person; 429's says when to try again.
    if (error.status < 500) return error.detail ?? error.title;
    const reference = error.requestId ? ` (reference ${error.requestId})` : '';
    return `The portal could not answer${reference}. Try again in a moment.`;
  }
  if (error instanceof PortalNetworkError) {
    return 'The portal cannot be reached. Check your connection and try again.';
  }
  return 'Something went wrong. Reload the page and try again.';
}

/** The field errors of a 400 answer, by field name (`/body/email` becomes `email`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof PortalApiError) || error.status !== 400) return {};
  return Object.fromEntries(error.errors.map((e) => [e.path.split('/').pop() ?? e.path, e.message]));
}
