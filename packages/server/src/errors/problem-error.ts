import { ProblemError, problems } from '@portal/contract';

/*
 * The server's one error type for refusals, usable from every layer: a ProblemError reaches the client as an
 * RFC 9457 problem (http/error-handler.ts), anything else as a generic 500. The type and the problems the
 * mocks answer too come from the contract package; what only the server says is added here.
 */
export { ProblemError, problems };

/** How long a client should wait before retrying when the database is unavailable, in seconds. */
const RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

/** 503 while the database cannot be reached or does not answer in time: the client may simply retry. */
export const databaseUnavailable = () => problems.unavailable(RETRY_AFTER_UNAVAILABLE_SECONDS);

/** 404 for a request outside the API that no route answered. */
export const noRoute = (method: string, path: string) =>
  new ProblemError(404, { detail: `No resource at ${method} ${path}.` });
