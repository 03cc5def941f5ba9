import { describe, it } from 'vitest';
import { signInByMail } from '../sign-in.js';
import { expectProblem } from './expect-problem.js';
import type { SuiteContext } from './suite-context.js';

const API = '/api/v1/portal';
const json = { 'content-type': 'application/json' };

/**
 * Every 4xx a request can earn before any operation runs, each with the contract's Problem body. The
 * requests are malformed on purpose, so most are sent with `fetch` rather than the typed calls.
 */
export function describeProblemShapes({ backend, call, fetch }: SuiteContext): void {
  describe('the problem of every refusal', () => {
    it('400 for a body the contract refuses, with an error per field', async () => {
      const res = await call('requestMagicLink', { body: { email: 'not-an-email', tenantCode: 'demo' } });
      await expectProblem(res, {
        status: 400,
        detail: 'The request is not valid.',
        instance: `${API}/auth/request-magic-link`,
        errors: [{ path: '/body/email', message: 'must match format "email"', code: 'format' }],
      });
    });

    it('400 for a query parameter the contract does not define, with or without credentials', async () => {
      const unknown = [{ path: '/query/x', message: "Unknown query parameter 'x'" }];
      const validate = await fetch(`${API}/auth/validate?token=abc&x=1`, { method: 'POST' });
      await expectProblem(validate, {
        status: 400,
        detail: 'The request is not valid.',
        instance: `${API}/auth/validate`,
        errors: unknown,
      });
      const { accessToken } = await signInByMail(backend(), backend().accounts.ada);
      const me = await fetch(`${API}/me?x=1`, { headers: { authorization: `Bearer ${accessToken}` } });
      await expectProblem(me, {
        status: 400,
        detail: 'The request is not valid.',
        instance: `${API}/me`,
        errors: unknown,
      });
    });

    it('400 for a body that is not JSON', async () => {
      const res = await fetch(`${API}/auth/refresh`, {
        method: 'POST',
        headers: json,
        body: '{"refreshToken": 1',
      });
      await expectProblem(res, {
        status: 400,
        detail: 'The request body is not valid JSON.',
        instance: `${API}/auth/refresh`,
      });
    });

    it('404 for a path the contract does not have', async () => {
      await expectProblem(await fetch(`${API}/nothing-here`), {
        status: 404,
        detail: 'No such resource.',
        instance: `${API}/nothing-here`,
      });
    });

    it('405 with the methods of the path in Allow (RFC 9110, 15.5.6)', async () => {
      for (const [method, path, allow] of [
        ['DELETE', `${API}/me`, 'GET'],
        ['GET', `${API}/auth/refresh`, 'POST'],
      ] as const) {
        await expectProblem(await fetch(path, { method }), {
          status: 405,
          detail: 'This method is not allowed on this resource.',
          instance: path,
          headers: { allow },
        });
      }
    });

    it('413 for a body over the limit', async () => {
      const body = JSON.stringify({ refreshToken: 'x'.repeat(20_000) });
      await expectProblem(await fetch(`${API}/auth/refresh`, { method: 'POST', headers: json, body }), {
        status: 413,
        detail: 'The request body is larger than 16384 bytes.',
        instance: `${API}/auth/refresh`,
      });
    });

    it('415 for a body that is not JSON by its media type, or is compressed', async () => {
      const path = `${API}/auth/refresh`;
      const text = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });
      await expectProblem(text, {
        status: 415,
        detail: 'The request body must be application/json.',
        instance: path,
      });
      const gzip = await fetch(path, {
        method: 'POST',
        headers: { ...json, 'content-encoding': 'gzip' },
        body: '{"refreshToken":"x"}',
      });
      await expectProblem(gzip, {
        status: 415,
        detail: 'The request body must be UTF-8 encoded JSON.',
        instance: path,
      });
    });
  });
}
