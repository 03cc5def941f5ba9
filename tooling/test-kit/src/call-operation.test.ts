import { describe, expect, it } from 'vitest';
import { operationRequest, readJson } from './call-operation.js';

const BASE = 'http://portal.test';

describe('typed calls', () => {
  it("send an operation's body as JSON, its query encoded, and the access token as a bearer", () => {
    expect(operationRequest(BASE, 'logout', { body: { refreshToken: 'r' }, accessToken: 'a' })).toEqual({
      url: `${BASE}/api/v1/portal/auth/logout`,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer a' },
        body: '{"refreshToken":"r"}',
      },
    });
    const { url, init } = operationRequest(BASE, 'validateMagicLink', { query: { token: 'a b/c' } });
    expect(url).toBe(`${BASE}/api/v1/portal/auth/validate?token=a%20b%2Fc`);
    expect(init).toEqual({ method: 'POST', headers: {} });
  });

  it('let a header replace the access token', () => {
    const { init } = operationRequest(BASE, 'getMe', {
      accessToken: 'a',
      headers: { authorization: 'Basic x' },
    });
    expect(init.headers).toEqual({ authorization: 'Basic x' });
  });

  it('read a body of the status asked for, and say what came instead', async () => {
    const tokens = { accessToken: 'a', refreshToken: 'r', accessExpiresUnix: 1, id: 'i', username: 'u' };
    expect(await readJson(Response.json(tokens), 'refreshSession', 200)).toEqual(tokens);
    await expect(readJson(new Response('nope', { status: 401 }), 'refreshSession', 200)).rejects.toThrow(
      'refreshSession answered 401, not 200: nope',
    );
  });
});
