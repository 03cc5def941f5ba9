import { describe, expect, it } from 'vitest';
import { createContractChecker } from './contract-checker.js';

const API = 'http://portal.test/api/v1/portal';
const me = `${API}/me`;
const problemText = (status: number) =>
  JSON.stringify({ title: 'x', detail: 'x', status, time: '2026-11-27T10:00:00Z', code: 'invalid_token' });
const answer = (status: number, text: string, headers: Record<string, string> = {}) => ({
  status,
  text,
  headers: new Headers({ 'content-type': 'application/problem+json', ...headers }),
});
const problem = (status: number, headers: Record<string, string> = {}) =>
  new Response(problemText(status), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

describe('the contract checker', () => {
  const contract = createContractChecker();

  it('refuses what the contract does not declare, saying what', () => {
    expect(
      contract.check('GET', me, answer(401, problemText(401), { 'www-authenticate': 'Bearer' })),
    ).toEqual([]);
    expect(contract.check('GET', me, answer(413, problemText(413)))).toEqual([
      'GET /api/v1/portal/me -> 413: status not declared by getMe',
    ]);
    expect(contract.check('GET', me, answer(401, problemText(401)))).toEqual([
      'GET /api/v1/portal/me -> 401: header WWW-Authenticate missing',
    ]);
    expect(contract.check('GET', me, answer(400, '{"detail":"x"}'))[0]).toMatch(
      /^GET \/api\/v1\/portal\/me -> 400: body .*must have required property/,
    );
    const body = JSON.stringify({ id: 'x', email: 'a@b.c' });
    expect(contract.check('GET', me, { status: 200, text: body, headers: new Headers() })).toEqual([
      'GET /api/v1/portal/me -> 200: header Cache-Control missing',
      'GET /api/v1/portal/me -> 200: media type "" not declared (application/json)',
    ]);
  });

  it('asks for a declared header only when the contract says it is required', () => {
    const validate = '/api/v1/portal/auth/validate?token=x';
    const tokens = JSON.stringify({
      accessExpiresUnix: 1,
      accessToken: 'a',
      id: 'u',
      refreshToken: 'r',
      username: 'a@b.c',
    });
    const headers = (more: Record<string, string>) =>
      new Headers({ 'content-type': 'application/json', ...more });
    // Set-Cookie is declared for cookie mode only (`required` is false); Cache-Control always.
    expect(
      contract.check('POST', validate, {
        status: 200,
        text: tokens,
        headers: headers({ 'cache-control': 'no-store' }),
      }),
    ).toEqual([]);
    expect(contract.check('POST', validate, { status: 200, text: tokens, headers: headers({}) })).toEqual([
      'POST /api/v1/portal/auth/validate -> 200: header Cache-Control missing',
    ]);
  });

  it('accepts a response the contract describes', async () => {
    expect(await contract.checkResponse('GET', me, problem(401, { 'www-authenticate': 'Bearer' }))).toEqual(
      [],
    );
  });

  it('refuses an undeclared status, a missing header, a wrong media type and a wrong body', async () => {
    const cases = [
      problem(429, { 'retry-after': '1' }),
      problem(401),
      new Response('{}', {
        status: 200,
        headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
      }),
      Response.json({ id: 'x', email: 'a@b.c' }, { status: 200, headers: { 'cache-control': 'no-store' } }),
      new Response(JSON.stringify({ title: 'x', detail: 'x', time: 'yesterday', status: 500 }), {
        status: 500,
        headers: { 'content-type': 'application/problem+json' },
      }),
    ];
    const found = await Promise.all(cases.map((response) => contract.checkResponse('GET', me, response)));
    expect(found.map((problems) => problems.length > 0)).toEqual([true, true, true, true, true]);
    expect(found[1]?.[0]).toMatch(/WWW-Authenticate missing/);
    expect(found[3]?.[0]).toMatch(/must have required property/);
  });

  it('refuses a 200 where the contract says 204, and a 405 that is not a problem', async () => {
    expect(
      await contract.checkResponse('POST', `${API}/auth/logout`, new Response('', { status: 200 })),
    ).not.toEqual([]);
    expect(
      await contract.checkResponse('GET', `${API}/nowhere`, Response.json({}, { status: 405 })),
    ).not.toEqual([]);
  });

  it('tolerates a known gap of the contract only for its operations and status', async () => {
    // A made-up gap: the contract declares no 409 anywhere.
    const gap = { operations: ['getMe'], status: 409, why: 'test' };
    const tolerant = createContractChecker({ knownGaps: [gap] });
    const strict = createContractChecker({ knownGaps: [] });
    expect(await tolerant.checkResponse('GET', me, problem(409))).toEqual([]);
    expect(await strict.checkResponse('GET', me, problem(409))).not.toEqual([]);
    expect(await tolerant.checkResponse('GET', `${API}/scopes`, problem(409))).not.toEqual([]);
  });
});
