import type { OperationId } from '@portal/contract';
import type { Knex } from 'knex';
import { type ApiDocument, loadSpec } from '../http/spec.js';
import { insertMagicLink, post, signIn, validate } from './auth-fixtures.js';
import type { UserRow } from './fixtures.js';

export interface OperationCall {
  operationId: OperationId;
  /** What the operation answers when all is well. */
  status: 200 | 204;
  send(): Promise<Response>;
}

/**
 * One well-formed request for each operation of the contract, made for `user` of the tenant `tenantCode`.
 * The credentials they carry are made now (a magic link, a session), while the server and its database
 * answer; each call can be sent once.
 */
export async function wellFormedRequests(
  baseUrl: string,
  db: Knex,
  user: Pick<UserRow, 'id' | 'tenant_id' | 'email'>,
  tenantCode: string,
): Promise<OperationCall[]> {
  const link = await insertMagicLink(db, user);
  const toRefresh = await signIn(baseUrl, db, user);
  const toLogOut = await signIn(baseUrl, db, user);
  const bearer = { authorization: `Bearer ${toLogOut.accessToken}` };
  const get = (path: string) => () => fetch(`${baseUrl}/api/v1/portal${path}`, { headers: bearer });
  return [
    {
      operationId: 'requestMagicLink',
      status: 204,
      send: () => post(baseUrl, '/auth/request-magic-link', { email: user.email, tenantCode }),
    },
    { operationId: 'validateMagicLink', status: 200, send: () => validate(baseUrl, link) },
    {
      operationId: 'refreshSession',
      status: 200,
      send: () => post(baseUrl, '/auth/refresh', { refreshToken: toRefresh.refreshToken }),
    },
    {
      operationId: 'logout',
      status: 204,
      send: () => post(baseUrl, '/auth/logout', { refreshToken: toLogOut.refreshToken }, bearer),
    },
    { operationId: 'getMe', status: 200, send: get('/me') },
    { operationId: 'getClient', status: 200, send: get('/client') },
    { operationId: 'getScopes', status: 200, send: get('/scopes') },
    { operationId: 'getDashboardStats', status: 200, send: get('/dashboard/stats') },
  ];
}

/** The operationIds of the contract, sorted: to prove that a list covers every operation. */
export function operationIdsOf(spec: ApiDocument = loadSpec()): string[] {
  return Object.values(spec.paths ?? {})
    .flatMap((item) => Object.values(item ?? {}).map((op) => op.operationId as string))
    .sort();
}
