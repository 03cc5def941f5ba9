import type { FieldError, Problem, ProblemCode } from './types.js';

/**
 * The API answered with a non-2xx status. Carries the status and the fields of the RFC 9457 problem
 * the API sends; `problem` is undefined when the body was not a problem document (a proxy's HTML page).
 */
export class PortalApiError extends Error {
  override readonly name = 'PortalApiError';
  readonly status: number;
  /**
   * What went wrong, for a program to branch on: one of the contract's closed list (`code_invalid`,
   * `rate_limited`...). Undefined only when the body was not a problem document.
   */
  readonly code: ProblemCode | undefined;
  /** Seconds to wait before retrying, from `Retry-After` (429, 503); undefined when the answer has none. */
  readonly retryAfter: number | undefined;
  /** A short summary of the kind of problem, or the HTTP status text when the body was not a problem. */
  readonly title: string;
  /** What went wrong in this occurrence, for a person to read. */
  readonly detail: string | undefined;
  /** When the server saw the problem (ISO 8601). */
  readonly time: string | undefined;
  /** Field errors of a validation failure; empty otherwise. */
  readonly errors: FieldError[];
  /** The request id to quote when reporting the problem. */
  readonly requestId: string | undefined;
  readonly problem: Problem | undefined;
  readonly response: Response;

  constructor(response: Response, body: unknown) {
    const problem = isProblem(body) ? body : undefined;
    const title = problem?.title ?? (response.statusText || `HTTP ${response.status}`);
    super(problem?.detail ? `${response.status} ${title}: ${problem.detail}` : `${response.status} ${title}`);
    this.status = response.status;
    this.code = problem?.code;
    this.retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
    this.title = title;
    this.detail = problem?.detail;
    this.time = problem?.time;
    this.errors = problem?.errors ?? [];
    this.requestId = problem?.requestId ?? response.headers.get('X-Request-Id') ?? undefined;
    this.problem = problem;
    this.response = response;
  }
}

/** The request never got an answer: DNS, connection refused, CORS, TLS, a dropped connection. */
export class PortalNetworkError extends Error {
  override readonly name = 'PortalNetworkError';

  constructor(cause: unknown) {
    super('The Portal API could not be reached.');
    // Set here rather than through `super(message, { cause })`, which older engines ignore.
    this.cause = cause;
  }
}

/** `auth.refresh()` was called while no one is signed in. */
export class PortalNoSessionError extends Error {
  override readonly name = 'PortalNoSessionError';

  constructor() {
    super('There is no session: sign in first.');
  }
}

// RFC 9110, 10.2.3: delay-seconds, or an HTTP date to wait until.
function retryAfterSeconds(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const until = Date.parse(value);
  return Number.isNaN(until) ? undefined : Math.max(0, Math.ceil((until - Date.now()) / 1000));
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).title === 'string';
}
