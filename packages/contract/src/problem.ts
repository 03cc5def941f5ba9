import { bearerChallenge } from './bearer.js';
import type { components } from './generated/portal.js';
import { HEADERS } from './http-headers.js';

/** The RFC 9457 problem body every error response carries. */
export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];
/** The machine-readable `code` of a problem: the closed list of the contract's `Problem` schema. */
export type ProblemCode = Problem['code'];

/** The code of a problem built without one: what its status alone says. */
const CODE_OF_STATUS: Readonly<Record<number, ProblemCode>> = {
  400: 'validation_failed',
  401: 'invalid_token',
  403: 'section_disabled',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** The media type of every error response (RFC 9457, section 3). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The titles of the statuses we answer: RFC 9110's reason phrases (413 is "Content Too Large" there). */
const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The details the server and the mocks both write, word for word. */
export const PROBLEM_DETAILS = {
  accessTokenRequired: 'A valid access token is required.',
  accessTokenInvalid: 'The access token is invalid or has expired.',
  /** A magic-link, refresh or sign-in token refused for any reason: one detail for all of them. */
  tokenInvalid: 'The token is invalid or has expired.',
  requestInvalid: 'The request is not valid.',
  bodyNotJson: 'The request body is not valid JSON.',
  bodyIncomplete: 'The request body was not received completely.',
  bodyNotUtf8: 'The request body must be UTF-8 encoded JSON.',
  bodyNotJsonMediaType: 'The request body must be application/json.',
  noSuchResource: 'No such resource.',
  sectionDisabled: 'This section of the portal is not enabled.',
  cursorInvalid: 'The cursor is not one of this list with these filters.',
  methodNotAllowed: 'This method is not allowed on this resource.',
  imageNotAccepted: 'The body must be a PNG, JPEG or WebP image.',
  imageEmpty: 'The request has no image. The body must be a PNG, JPEG or WebP image.',
  imageUnreadable: 'The image cannot be read: it is damaged or incomplete.',
  blobLinkInvalid: "This picture's link is not valid or has expired.",
  csrfRefused: "This request must come from the portal's own pages.",
  unexpected: 'An unexpected error occurred.',
  unavailable: 'The service is temporarily unavailable. Try again shortly.',
} as const;

/** The codes of a refused sign-in token, one per kind of token. */
export type SignInRefusalCode = Extract<
  ProblemCode,
  'code_expired_or_used' | 'code_invalid' | 'session_ended'
>;

export interface ProblemInit {
  detail: string;
  /** Defaults to the code of the status (400 `validation_failed`, 404 `not_found`...; else `internal_error`). */
  code?: ProblemCode;
  title?: string;
  type?: string;
  errors?: FieldError[];
  /** Extra response headers, e.g. `Retry-After` or `WWW-Authenticate`. */
  headers?: Record<string, string>;
}

/** Where and when a problem happened: the parts of its body the answering side knows. */
export interface ProblemOccurrence {
  /** The request path. */
  instance: string;
  requestId?: string | undefined;
  time: Date;
}

/**
 * A refusal, thrown anywhere below the HTTP edge, that reaches the client as an RFC 9457 problem with this
 * status, detail and headers. The server and the mocks throw the same ones, so they answer alike.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly code: ProblemCode;
  readonly errors: FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, init: ProblemInit) {
    super(init.detail);
    this.name = 'ProblemError';
    this.status = status;
    this.title = init.title ?? TITLES[status] ?? 'Error';
    this.detail = init.detail;
    this.type = init.type ?? 'about:blank';
    this.code = init.code ?? CODE_OF_STATUS[status] ?? 'internal_error';
    this.errors = init.errors;
    this.headers = init.headers ?? {};
  }

  /** The response body, in the contract's `Problem` shape. */
  toBody({ instance, requestId, time }: ProblemOccurrence): Problem {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
      time: time.toISOString(),
      code: this.code,
      ...(requestId ? { requestId } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/** The problems both sides answer, built in one place. */
export const problems = {
  /** 401 of an operation that needs a bearer token, with its challenge (RFC 6750, section 3). */
  unauthorized: (tokenPresented: boolean) =>
    new ProblemError(401, {
      detail: tokenPresented ? PROBLEM_DETAILS.accessTokenInvalid : PROBLEM_DETAILS.accessTokenRequired,
      code: tokenPresented ? 'invalid_token' : 'token_required',
      headers: { [HEADERS.wwwAuthenticate]: bearerChallenge(tokenPresented) },
    }),
  /**
   * 401 of a sign-in token: unknown, expired, used and revoked look alike, so only the kind of token sets
   * the code (a link: `code_expired_or_used`, a one-time code: `code_invalid`, a refresh token:
   * `session_ended`), never whether the address is registered.
   */
  invalidToken: (code: SignInRefusalCode) =>
    new ProblemError(401, { detail: PROBLEM_DETAILS.tokenInvalid, code }),
  /** 429 with the whole seconds to wait (RFC 9110, section 10.2.3: delay-seconds). */
  tooManyRequests: (msBeforeNext: number) => {
    const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    return new ProblemError(429, {
      detail: `Too many requests. Try again in ${seconds} seconds.`,
      headers: { [HEADERS.retryAfter]: String(seconds) },
    });
  },
  requestInvalid: (errors: FieldError[]) =>
    new ProblemError(400, { detail: PROBLEM_DETAILS.requestInvalid, errors }),
  bodyNotJson: () => new ProblemError(400, { detail: PROBLEM_DETAILS.bodyNotJson }),
  bodyTooLarge: (limitBytes: number) =>
    new ProblemError(413, { detail: `The request body is larger than ${limitBytes} bytes.` }),
  bodyNotUtf8: () => new ProblemError(415, { detail: PROBLEM_DETAILS.bodyNotUtf8 }),
  bodyNotJsonMediaType: () => new ProblemError(415, { detail: PROBLEM_DETAILS.bodyNotJsonMediaType }),
  noSuchResource: () => new ProblemError(404, { detail: PROBLEM_DETAILS.noSuchResource }),
  /** 403 of an operation of a portal section the tenant has not enabled. */
  sectionDisabled: () => new ProblemError(403, { detail: PROBLEM_DETAILS.sectionDisabled }),
  /** 400 of a page cursor that was altered, or issued to someone else, for another list or other filters. */
  cursorInvalid: () =>
    new ProblemError(400, {
      detail: PROBLEM_DETAILS.requestInvalid,
      errors: [{ path: '/query/cursor', message: PROBLEM_DETAILS.cursorInvalid, code: 'cursor' }],
    }),
  /** 415 of an upload that is not a PNG, JPEG or WebP image by its content, whatever its Content-Type. */
  imageNotAccepted: () =>
    new ProblemError(415, { detail: PROBLEM_DETAILS.imageNotAccepted, code: 'image_not_accepted' }),
  imageEmpty: () => new ProblemError(400, { detail: PROBLEM_DETAILS.imageEmpty, code: 'image_invalid' }),
  imageUnreadable: () =>
    new ProblemError(400, { detail: PROBLEM_DETAILS.imageUnreadable, code: 'image_invalid' }),
  imageTooManyPixels: (maxPixels: number) =>
    new ProblemError(400, { detail: `The image has more than ${maxPixels} pixels.`, code: 'image_invalid' }),
  /** 403 of a picture URL whose signature does not match, or whose expiry has passed. */
  blobLinkInvalid: () =>
    new ProblemError(403, { detail: PROBLEM_DETAILS.blobLinkInvalid, code: 'picture_link_invalid' }),
  /**
   * 403 of a request that acts on the refresh cookie alone without an allowed `Origin` and the
   * `Portal-Session` header: what a cross-site form or a foreign page would send.
   */
  csrfRefused: () => new ProblemError(403, { detail: PROBLEM_DETAILS.csrfRefused, code: 'csrf_refused' }),
  methodNotAllowed: (allow: readonly string[]) =>
    new ProblemError(405, {
      detail: PROBLEM_DETAILS.methodNotAllowed,
      headers: allow.length > 0 ? { [HEADERS.allow]: allow.join(', ') } : {},
    }),
  unexpected: () => new ProblemError(500, { detail: PROBLEM_DETAILS.unexpected }),
  unavailable: (retryAfterSeconds: number) =>
    new ProblemError(503, {
      detail: PROBLEM_DETAILS.unavailable,
      headers: { [HEADERS.retryAfter]: String(retryAfterSeconds) },
    }),
};
