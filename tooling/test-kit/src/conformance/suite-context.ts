import type { OperationId } from '@portal/contract';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Backend } from '../backend.js';
import { type AnyCallOptions, type CallArguments, type Caller, requestOf } from '../call-operation.js';
import { createContractChecker } from '../contract-checker.js';
import { optionsOf, type WellFormedCall } from '../well-formed-requests.js';

/** What the tests of the conformance suite share: the backend under test, and ways to call it. */
export interface SuiteContext {
  backend(): Backend;
  /** Typed calls of the backend's operations. */
  call: Caller;
  /** A well-formed call with `overrides` over its options, as `sendCall` of well-formed-requests. */
  send(call: WellFormedCall, overrides?: AnyCallOptions): Promise<Response>;
  /** A raw request to `path` of the backend, for what the contract's types cannot express. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * Starts the backend for a describe block and stops it after. Every answer the tests get is checked against
 * `openapi/portal.yaml`, and a test fails on any that breaks it, whatever else it asserts.
 */
export function useBackend(start: () => Promise<Backend>): SuiteContext {
  let backend: Backend | undefined;
  const contract = createContractChecker();
  const checks: Promise<string[]>[] = [];
  beforeAll(async () => {
    backend = await start();
  });
  afterAll(() => backend?.stop());
  afterEach(async () => {
    expect((await Promise.all(checks.splice(0))).flat(), 'answers that break the contract').toEqual([]);
  });

  const current = () => {
    if (!backend) throw new Error('the backend did not start');
    return backend;
  };
  const checkedFetch = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, init);
    checks.push(contract.checkResponse(init.method ?? 'GET', url, res));
    return res;
  };
  return {
    backend: current,
    call: <Op extends OperationId>(operationId: Op, ...[options]: CallArguments<Op>) => {
      const { url, init } = requestOf(current().baseUrl, operationId, options ?? {});
      return checkedFetch(url, init);
    },
    send: (call, overrides = {}) => {
      const { url, init } = requestOf(current().baseUrl, call.operationId, optionsOf(call, overrides));
      return checkedFetch(url, init);
    },
    fetch: (path, init) => checkedFetch(`${current().baseUrl}${path}`, init),
  };
}
