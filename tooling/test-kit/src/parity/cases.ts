/** A request written out by hand, as it goes over the wire. */
export interface ParityCase {
  name: string;
  method: string;
  /** The path and query, after the backend's base URL. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const P = '/api/v1/portal';
const json = { 'content-type': 'application/json' };

// Requests the server refuses before any handler runs: the mocks must refuse them identically.
export const PARITY_CASES: readonly ParityCase[] = [
  {
    name: 'invalid email, missing tenant',
    method: 'POST',
    path: `${P}/auth/request-magic-link`,
    headers: json,
    body: '{"email":"x"}',
  },
  {
    name: 'extra property, empty tenant',
    method: 'POST',
    path: `${P}/auth/request-magic-link`,
    headers: json,
    body: '{"email":"a@b.co","tenantCode":"","extra":1}',
  },
  {
    name: 'padded email, trimmed to a valid one, with a tenant code left empty once trimmed',
    method: 'POST',
    path: `${P}/auth/request-magic-link`,
    headers: json,
    body: '{"email":" a@b.co ","tenantCode":"  "}',
  },
  {
    name: 'wrong types',
    method: 'POST',
    path: `${P}/auth/request-magic-link`,
    headers: json,
    body: '{"email":5,"tenantCode":true}',
  },
  {
    name: 'email too long',
    method: 'POST',
    path: `${P}/auth/request-magic-link`,
    headers: json,
    body: JSON.stringify({ email: `${'a'.repeat(250)}@b.co`, tenantCode: 'demo' }),
  },
  { name: 'array body', method: 'POST', path: `${P}/auth/request-magic-link`, headers: json, body: '[]' },
  { name: 'JSON null', method: 'POST', path: `${P}/auth/request-magic-link`, headers: json, body: 'null' },
  { name: 'JSON string', method: 'POST', path: `${P}/auth/request-magic-link`, headers: json, body: '"str"' },
  {
    name: 'malformed JSON',
    method: 'POST',
    path: `${P}/auth/refresh`,
    headers: json,
    body: '{"refreshToken": 1',
  },
  { name: 'empty JSON body', method: 'POST', path: `${P}/auth/request-magic-link`, headers: json, body: '' },
  { name: 'no body, no content type', method: 'POST', path: `${P}/auth/request-magic-link` },
  {
    name: 'text/plain body',
    method: 'POST',
    path: `${P}/auth/request-magic-link`,
    headers: { 'content-type': 'text/plain' },
    body: 'hi',
  },
  {
    name: 'form body',
    method: 'POST',
    path: `${P}/auth/refresh`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'refreshToken=x',
  },
  {
    name: 'latin1 JSON',
    method: 'POST',
    path: `${P}/auth/request-magic-link`,
    headers: { 'content-type': 'application/json; charset=latin1' },
    body: '{}',
  },
  {
    name: 'merge-patch JSON',
    method: 'POST',
    path: `${P}/auth/refresh`,
    headers: { 'content-type': 'application/merge-patch+json' },
    body: '{}',
  },
  {
    name: 'body over the limit',
    method: 'POST',
    path: `${P}/auth/refresh`,
    headers: json,
    body: JSON.stringify({ refreshToken: 'x'.repeat(20000) }),
  },
  {
    name: 'unknown query parameter',
    method: 'POST',
    path: `${P}/auth/request-magic-link?x=1`,
    headers: json,
    body: '{"email":"a@b.co","tenantCode":"d"}',
  },
  {
    name: 'unknown query parameter and bad body',
    method: 'POST',
    path: `${P}/auth/request-magic-link?x=1`,
    headers: json,
    body: '{}',
  },
  {
    name: 'a gzip-encoded body',
    method: 'POST',
    path: `${P}/auth/refresh`,
    headers: { ...json, 'content-encoding': 'gzip' },
    body: '{"refreshToken":"x"}',
  },
  {
    name: 'validate with a body it does not take, malformed and over the limit',
    method: 'POST',
    path: `${P}/auth/validate`,
    headers: json,
    body: `{${'x'.repeat(20000)}`,
  },
  { name: 'validate without token', method: 'POST', path: `${P}/auth/validate` },
  { name: 'validate with empty token', method: 'POST', path: `${P}/auth/validate?token=` },
  { name: 'validate with two tokens', method: 'POST', path: `${P}/auth/validate?token=a&token=b` },
  { name: 'validate with a long token', method: 'POST', path: `${P}/auth/validate?token=${'a'.repeat(513)}` },
  { name: 'validate with an extra parameter', method: 'POST', path: `${P}/auth/validate?token=a&x=1` },
  { name: 'refresh without token', method: 'POST', path: `${P}/auth/refresh`, headers: json, body: '{}' },
  {
    name: 'refresh with empty token',
    method: 'POST',
    path: `${P}/auth/refresh`,
    headers: json,
    body: '{"refreshToken":""}',
  },
  { name: 'logout without bearer', method: 'POST', path: `${P}/auth/logout`, headers: json, body: '{}' },
  {
    name: 'logout without bearer, text body',
    method: 'POST',
    path: `${P}/auth/logout`,
    headers: { 'content-type': 'text/plain' },
    body: 'x',
  },
  {
    name: 'logout without bearer, malformed JSON',
    method: 'POST',
    path: `${P}/auth/logout`,
    headers: json,
    body: '{bad',
  },
  {
    name: 'logout with a forged bearer and bad body',
    method: 'POST',
    path: `${P}/auth/logout`,
    headers: { ...json, authorization: 'Bearer abc' },
    body: '{"wrong":true}',
  },
  { name: 'me without bearer', method: 'GET', path: `${P}/me` },
  {
    name: 'me with a forged bearer',
    method: 'GET',
    path: `${P}/me`,
    headers: { authorization: 'Bearer a.b.c' },
  },
  { name: 'me with Basic auth', method: 'GET', path: `${P}/me`, headers: { authorization: 'Basic abc' } },
  {
    name: 'me with a malformed bearer',
    method: 'GET',
    path: `${P}/me`,
    headers: { authorization: 'Bearer two words' },
  },
  { name: 'client without bearer', method: 'GET', path: `${P}/client` },
  { name: 'scopes with an unknown parameter, no bearer', method: 'GET', path: `${P}/scopes?x=1` },
  {
    name: 'dashboard with a forged bearer',
    method: 'GET',
    path: `${P}/dashboard/stats`,
    headers: { authorization: 'bearer zzz' },
  },
  { name: 'a method the path does not have', method: 'DELETE', path: `${P}/me` },
  { name: 'GET on a POST operation', method: 'GET', path: `${P}/auth/refresh` },
  { name: 'a method a path with a parameter does not have', method: 'POST', path: `${P}/sessions/abc` },
  { name: 'a method the path does not have, trailing slash', method: 'DELETE', path: `${P}/sessions/` },
  {
    name: 'a method the path does not have, two trailing slashes',
    method: 'DELETE',
    path: `${P}/sessions//`,
  },
  { name: 'a method on a parameter left empty', method: 'PUT', path: `${P}/invoices//` },
  { name: 'HEAD on a GET operation', method: 'HEAD', path: `${P}/me` },
  { name: 'an unknown path under the API', method: 'GET', path: `${P}/nothing` },
  { name: 'an unknown path, malformed JSON', method: 'POST', path: `${P}/nothing`, headers: json, body: '{' },
];
