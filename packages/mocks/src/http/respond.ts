import { HEADERS, PROBLEM_MEDIA_TYPE, ProblemError, problems } from '@portal/contract';
import { HttpResponse } from 'msw';

// What the server sends as `Content-Type` (Express adds the charset).
const PROBLEM_CONTENT_TYPE = `${PROBLEM_MEDIA_TYPE}; charset=utf-8`;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface JsonAnswerOptions {
  cacheControl?: string | null;
  /** A `Set-Cookie` header (cookie mode's refresh cookie). */
  setCookie?: string | undefined;
  /**
   * Keep that cookie in MSW's cookie store, which sends it back with later requests: in the browser worker,
   * whose answers cannot set a real cookie. In Node the caller sends cookies itself, as to the server.
   */
  cookieStore?: boolean;
}

/** A success answer, as the server's `res.status(s).json(body)` (or `.end()` without a body) sends it. */
export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
  { cacheControl = null, setCookie, cookieStore = false }: JsonAnswerOptions = {},
): Response {
  const headers: Record<string, string> = { [HEADERS.requestId]: requestId };
  // As the server: the contract's `Cache-Control` (`no-store` for tokens and personal data, public for JWKS).
  if (cacheControl) headers[HEADERS.cacheControl] = cacheControl;
  if (setCookie) headers['Set-Cookie'] = setCookie;
  // MSW stores the cookies of its own HttpResponse only.
  const Answer = setCookie && cookieStore ? HttpResponse : Response;
  if (body === undefined) return new Answer(null, { status, headers });
  return new Answer(JSON.stringify(body), {
    status,
    headers: { ...headers, 'Content-Type': JSON_CONTENT_TYPE },
  });
}

/** An answer of bytes (a picture) or of headers only (304), as the server's `res.end(bytes)` sends it. */
export function bytesResponse(
  status: number,
  result: { bytes?: Uint8Array; mediaType?: string; headers?: Readonly<Record<string, string>> },
  requestId: string,
  { cacheControl = null }: { cacheControl?: string | null } = {},
): Response {
  const headers: Record<string, string> = { [HEADERS.requestId]: requestId, ...result.headers };
  if (cacheControl) headers[HEADERS.cacheControl] = cacheControl;
  if (result.bytes === undefined) return new Response(null, { status, headers });
  return new Response(result.bytes as Uint8Array<ArrayBuffer>, {
    status,
    headers: { ...headers, 'Content-Type': result.mediaType ?? 'application/octet-stream' },
  });
}

/** A refusal as the server's error handler sends it; a HEAD request gets the headers only, as from Express. */
export function problemResponse(
  problem: ProblemError,
  request: Request,
  requestId: string,
  now: Date,
): Response {
  const body =
    request.method === 'HEAD'
      ? null
      : JSON.stringify(problem.toBody({ instance: new URL(request.url).pathname, requestId, time: now }));
  return new Response(body, {
    status: problem.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, [HEADERS.requestId]: requestId, ...problem.headers },
  });
}

/** A ProblemError as it is; anything else is a bug of the mock, answered like the server's generic 500. */
export function problemOf(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  console.error('[@portal/mocks] a mock handler failed', err);
  return problems.unexpected();
}
