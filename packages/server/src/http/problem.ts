import { STATUS_CODES } from 'node:http';
import type { Problem } from '@portal/contract';

type FieldError = NonNullable<Problem['errors']>[number];

export interface ProblemInit {
  detail: string;
  title?: string;
  type?: string;
  errors?: FieldError[];
  /** Extra response headers, e.g. `Retry-After` or `WWW-Authenticate`. */
  headers?: Record<string, string>;
}

/**
 * The one error type of the server: anything thrown as an HttpProblem reaches the client as an RFC 9457
 * problem with this status and detail. Any other error becomes a generic 500.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, init: ProblemInit) {
    super(init.detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.title = init.title ?? STATUS_CODES[status] ?? 'Error';
    this.detail = init.detail;
    this.type = init.type ?? 'about:blank';
    this.errors = init.errors;
    this.headers = init.headers ?? {};
  }

  /** The response body, in the contract's `Problem` shape. */
  toBody(instance: string, requestId: string | undefined): Problem {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
      time: new Date().toISOString(),
      ...(requestId ? { requestId } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
