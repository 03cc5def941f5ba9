import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commonBasePath, readOperationFacts } from '../scripts/read-operation-facts.mjs';
import { allowedMethods, apiBasePath, operationList, portalDocument, readBearer } from './index.js';
import { specPath } from './spec-path.js';

const yaml = () => parse(readFileSync(specPath, 'utf8'));

describe('the generated modules', () => {
  it('hold openapi/portal.yaml as it is now (run `pnpm generate` when this fails)', () => {
    expect(portalDocument).toEqual(yaml());
    expect(Object.values(readOperationFacts(yaml()))).toEqual(operationList);
  });

  it('know which operations need a bearer token, from the document-wide and per-operation security', () => {
    const open = operationList.filter((op) => !op.bearer).map((op) => op.id);
    expect(open).toEqual([
      'requestMagicLink',
      'validateMagicLink',
      'verifyCode',
      'refreshSession',
      // A picture by its signed URL: the signature stands in for the token an <img> cannot send.
      'getBlob',
      'getJwks',
    ]);
    // The JWKS is a well-known URI at the root of the host (RFC 8615), not under the API's base path.
    expect(apiBasePath).toBe('/api/v1/portal');
  });

  it("carry each operation's declared Cache-Control: no-store for personal data, public for the JWKS", () => {
    const byId = Object.fromEntries(operationList.map((op) => [op.id, op.cacheControl]));
    expect(byId.getMe).toBe('no-store');
    expect(byId.getJwks).toBe('public, max-age=300');
    expect(byId.requestMagicLink).toBeNull();
  });
});

describe('reading the facts of a document', () => {
  const doc = (paths: object, security: object[] = [{ bearerAuth: [] }]) => ({
    openapi: '3.1.0',
    security,
    paths,
  });

  it('refuses a security scheme the server and the mocks do not implement', () => {
    expect(() =>
      readOperationFacts(doc({ '/x': { get: { operationId: 'x', security: [{ apiKey: [] }] } } })),
    ).toThrow(/GET \/x: only the bearerAuth scheme/);
  });

  it('refuses an operation without an operationId and a body that is not JSON', () => {
    expect(() => readOperationFacts(doc({ '/x': { get: {} } }))).toThrow(/GET \/x has no operationId/);
    const form = { operationId: 'x', requestBody: { content: { 'multipart/form-data': {} } } };
    expect(() => readOperationFacts(doc({ '/x': { post: form } }))).toThrow(/only application\/json/);
  });

  it('reads a raw body of bytes (`format: binary`) as its media types, and a JSON body as none', () => {
    const bytes = { schema: { type: 'string', format: 'binary' } };
    const upload = {
      operationId: 'up',
      requestBody: { content: { 'image/png': bytes, 'image/webp': bytes } },
    };
    const json = { operationId: 'js', requestBody: { content: { 'application/json': { schema: {} } } } };
    const facts = readOperationFacts(doc({ '/up': { put: upload }, '/js': { post: json } }));
    expect(facts.up).toMatchObject({ jsonBody: false, binaryBody: ['image/png', 'image/webp'] });
    expect(facts.js).toMatchObject({ jsonBody: true, binaryBody: [] });
  });

  it('routes path parameters as Express and MSW write them, and reads referenced parameters', () => {
    const facts = readOperationFacts({
      ...doc({
        '/items/{itemId}': {
          parameters: [{ name: 'itemId', in: 'path', required: true }],
          get: {
            operationId: 'getItem',
            parameters: [{ $ref: '#/components/parameters/Limit' }],
            responses: { 200: {} },
          },
        },
      }),
      components: { parameters: { Limit: { name: 'limit', in: 'query' } } },
    });
    expect(facts.getItem).toMatchObject({
      routePath: '/items/:itemId',
      query: [{ name: 'limit', required: false }],
      bearer: true,
      statuses: [200],
    });
    expect(commonBasePath(['/api/v1/a', '/api/v1/b/c'])).toBe('/api/v1');
    expect(commonBasePath(['/api/v1/a', '/.well-known/jwks.json', '/api/v1/b'])).toBe('/api/v1');
  });
});

describe("a path's allowed methods (a 405's Allow), as the server routes the path", () => {
  const at = (path: string) => allowedMethods(`${apiBasePath}${path}`);

  it('match a parameter to any one segment, and ignore one trailing slash', () => {
    expect({
      list: at('/sessions'),
      one: at('/sessions/abc'),
      trailing: at('/sessions/'),
      oneTrailing: at('/sessions/abc/'),
    }).toEqual({ list: ['GET'], one: ['DELETE'], trailing: ['GET'], oneTrailing: ['DELETE'] });
  });

  it('know no method of an unknown path, two trailing slashes, an empty parameter or a deeper path', () => {
    for (const path of ['/nothing', '/sessions//', '/invoices//', '/sessions/abc/def', '']) {
      expect(at(path), path).toEqual([]);
    }
  });
});

describe('the bearer credentials of an Authorization header (RFC 6750)', () => {
  it('are none without the Bearer scheme, or with the bare word, so the challenge carries no error code', () => {
    for (const header of [undefined, '', 'Basic dXNlcjpwdw==', 'Bearer', 'bearer']) {
      expect(readBearer(header), String(header)).toEqual({ kind: 'none' });
    }
  });

  it('are malformed when the Bearer scheme carries something that is not a token', () => {
    for (const header of ['Bearer ', 'Bearer a b', 'Bearer a,b', 'Bearer  a']) {
      expect(readBearer(header), header).toEqual({ kind: 'malformed' });
    }
    expect(readBearer('bearer abc.DEF-_~+/=')).toEqual({ kind: 'token', token: 'abc.DEF-_~+/=' });
  });
});
