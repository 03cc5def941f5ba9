import type { OperationId } from '@portal/contract';
import { delay } from 'msw';
import type { OperationInfo } from '../contract/operations.js';
import type { RequestValidator } from '../contract/request-validator.js';
import type { MockState } from '../state/mock-state.js';
import { randomId } from '../state/tokens.js';
import { authenticate } from './authenticate.js';
import type { MockContext, MockOperations } from './operation-types.js';
import { JSON_CONTENT_TYPE, MockProblem } from './problem.js';
import { readJsonBody } from './read-json-body.js';

// A caller's id is kept when short and plain, as the server does; anything else is replaced.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

// The body and query were validated against the contract just before, which is what makes this cast true.
type UntypedMock = (ctx: MockContext<OperationId>) => unknown;

export interface PipelineDeps {
  state: MockState;
  validate: RequestValidator;
}

/**
 * The server's request path for one operation, in its order: read the JSON body, check the bearer, the media
 * type and the contract, then let the scenario or the mock answer. Every refusal is the server's problem+json.
 */
export function respondTo(
  op: OperationInfo,
  mock: MockOperations[OperationId],
  deps: PipelineDeps,
): (info: { request: Request }) => Promise<Response> {
  const { state, validate } = deps;
  return async ({ request }) => {
    const requestId = requestIdOf(request);
    if (state.has('slow-network')) await delay(state.settings.slowNetworkDelayMs);
    try {
      // Like the server, only an operation that takes a body reads it; any other ignores what is sent.
      const body = op.hasBody ? await readJsonBody(request, state.settings.bodyLimitBytes) : undefined;
      const account = op.protected ? authenticate(state, request.headers.get('authorization')) : undefined;
      if (op.hasBody && !body) {
        throw new MockProblem(415, { detail: 'The request body must be application/json.' });
      }
      const query = queryOf(request);
      const errors = validate(op, { query, body: body?.json });
      if (errors) throw new MockProblem(400, { detail: 'The request is not valid.', errors });
      refuseByScenario(op, state);
      const ctx = { state, account, body: body?.json, query } as MockContext<OperationId>;
      const result = (mock as UntypedMock)(ctx) as { status: number; body?: unknown };
      const headers = { 'X-Request-Id': requestId };
      if (result.body === undefined) return new Response(null, { status: result.status, headers });
      return new Response(JSON.stringify(result.body), {
        status: result.status,
        headers: { ...headers, 'Content-Type': JSON_CONTENT_TYPE },
      });
    } catch (err) {
      return problemOf(err).toResponse(request, requestId, state.clock.now());
    }
  };
}

/** The scenarios that replace the operation's answer: a failing server, or a rate limit where declared. */
function refuseByScenario(op: OperationInfo, state: MockState): void {
  if (state.has('server-error')) throw new MockProblem(500, { detail: 'An unexpected error occurred.' });
  if (state.has('rate-limited') && op.statuses.includes(429)) {
    const seconds = state.settings.retryAfterSeconds;
    throw new MockProblem(429, {
      detail: `Too many requests. Try again in ${seconds} seconds.`,
      headers: { 'Retry-After': String(seconds) },
    });
  }
}

/** A MockProblem as it is; anything else is a bug of the mock, answered like the server's generic 500. */
export function problemOf(err: unknown): MockProblem {
  if (err instanceof MockProblem) return err;
  console.error('[@portal/mocks] a mock handler failed', err);
  return new MockProblem(500, { detail: 'An unexpected error occurred.' });
}

export function requestIdOf(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomId();
}

/** The query as Express parses it: a repeated parameter becomes an array. */
function queryOf(request: Request): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URL(request.url).searchParams) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return query;
}
