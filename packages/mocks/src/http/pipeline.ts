import {
  acceptRequestId,
  HEADERS,
  type OperationFacts,
  type OperationId,
  problems,
  readBearer,
  requestNormalizers,
  type Schemas,
} from '@portal/contract';
import { delay } from 'msw';
import type { MockAccount } from '../data/accounts.js';
import type { MockState } from '../state/mock-state.js';
import { randomId } from '../state/tokens.js';
import { cookieAnswer, type OriginCheck, readCookieMode, refreshTokenOf } from './cookie-mode.js';
import type { MockContext, MockOperations } from './operation-types.js';
import { readJsonBody } from './read-json-body.js';
import { readQuery } from './read-query.js';
import type { RequestValidator } from './request-validator.js';
import { bytesResponse, jsonResponse, problemOf, problemResponse } from './respond.js';

// The body and query were validated against the contract just before, which is what makes this cast true.
type UntypedMock = (ctx: MockContext<OperationId>) => unknown;

export interface PipelineDeps {
  state: MockState;
  validate: RequestValidator;
  /** Which origins may act on the refresh cookie. */
  allowedOrigin: OriginCheck;
  /**
   * In MSW's browser worker: a request without `Origin` comes from the page (the worker sees requests before
   * the browser adds it), and answers go through MSW's cookie store, since a worker cannot set a cookie.
   */
  worker: boolean;
}

/**
 * The server's request path for one operation, in its order: read the JSON body, check the bearer, the media
 * type and the contract, then let the scenario or the mock answer. Every refusal is the server's problem+json.
 */
export function respondTo(
  op: OperationFacts,
  mock: MockOperations[OperationId],
  deps: PipelineDeps,
): (info: {
  request: Request;
  params: Record<string, unknown>;
  cookies: Record<string, string>;
}) => Promise<Response> {
  const { state, validate } = deps;
  return async ({ request, params: routeParams, cookies }) => {
    const requestId = requestIdOf(request);
    if (state.has('slow-network')) await delay(state.settings.slowNetworkDelayMs);
    try {
      // Like the server, only an operation that takes a body reads it; any other ignores what is sent.
      const read = op.jsonBody ? await readJsonBody(request, state.settings.bodyLimitBytes) : undefined;
      // The server's normalizers (trimmed emails...), before the contract check, as the server runs them.
      const normalize = requestNormalizers[op.id as OperationId];
      const body = read && normalize ? { json: normalize(read.json) } : read;
      const bearer = op.bearer ? authenticate(state, request.headers.get('authorization')) : undefined;
      if (op.jsonBody && !body) throw problems.bodyNotJsonMediaType();
      // A picture is read after the bearer check, as the server's image-body.ts does.
      const bytes =
        op.binaryBody.length > 0
          ? await readImageBody(request, op, state.settings.avatarMaxBytes)
          : undefined;
      const url = new URL(request.url);
      const query = readQuery(url);
      const params = { ...routeParams };
      const errors = validate(op, { url, query, params, body: body?.json });
      if (errors) throw problems.requestInvalid(errors);
      refuseByScenario(op, state);
      const cookieMode = readCookieMode(request, cookies);
      const origin = request.headers.get('origin') ?? (deps.worker ? globalThis.location.origin : null);
      const json = body?.json as { refreshToken?: string } | undefined;
      const refreshToken = refreshTokenOf(op.id, json, cookieMode, origin, deps.allowedOrigin);
      const ctx = {
        state,
        account: bearer?.account,
        sessionId: bearer?.sessionId,
        userAgent: request.headers.get('user-agent') ?? undefined,
        body: bytes ?? (refreshToken === json?.refreshToken ? json : { ...json, refreshToken }),
        query,
        params,
        request,
      } as MockContext<OperationId>;
      const result = (mock as UntypedMock)(ctx) as {
        status: number;
        body?: unknown;
        bytes?: Uint8Array;
        headers?: Record<string, string>;
      };
      if ('bytes' in result || result.headers) return bytesResponse(result.status, result, requestId, op);
      const lifetime = (token: string) => state.sessions.secondsLeft(token);
      // Validated against the contract's LogoutScope above, as the body was.
      const logout = {
        scope: query.scope as Schemas['LogoutScope'] | undefined,
        bodyToken: json?.refreshToken,
      };
      const answer = cookieAnswer(op.id, cookieMode, result.body, lifetime, state.clock.now(), logout);
      return jsonResponse(result.status, answer.body, requestId, {
        ...op,
        setCookie: answer.setCookie,
        cookieStore: deps.worker,
      });
    } catch (err) {
      return problemResponse(problemOf(err), request, requestId, state.clock.now());
    }
  };
}

/** The bytes of a picture upload: 415 for a media type the operation does not take, 413 over the limit. */
async function readImageBody(request: Request, op: OperationFacts, limitBytes: number): Promise<Uint8Array> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!op.binaryBody.includes(type)) throw problems.imageNotAccepted();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limitBytes) throw problems.bodyTooLarge(limitBytes);
  return bytes;
}

/**
 * The server's bearer check: the token must be one the mock issued, unexpired, for an active account that
 * still belongs to the token's client and tenant (RFC 6750, section 3.1 for the challenges).
 */
function authenticate(
  state: MockState,
  authorization: string | null,
): { account: MockAccount; sessionId: string } {
  const credentials = readBearer(authorization);
  if (credentials.kind === 'none') throw problems.unauthorized(false);
  const claims = credentials.kind === 'token' ? state.sessions.verifyAccessToken(credentials.token) : null;
  const account = claims ? state.accountById(claims.sub) : undefined;
  if (!claims || !account?.active || account.client.id !== claims.cid || account.tenantCode !== claims.tid) {
    throw problems.unauthorized(true);
  }
  return { account, sessionId: claims.sid };
}

/** The scenarios that replace the operation's answer: a failing server, or a rate limit where declared. */
function refuseByScenario(op: OperationFacts, state: MockState): void {
  if (state.has('server-error')) throw problems.unexpected();
  if (state.has('rate-limited') && op.statuses.includes(429)) {
    throw problems.tooManyRequests(state.settings.retryAfterSeconds * 1000);
  }
}

export function requestIdOf(request: Request): string {
  return acceptRequestId(request.headers.get(HEADERS.requestId), randomId);
}
