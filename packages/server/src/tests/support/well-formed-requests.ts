import { type OperationId, operationList } from '@portal/contract';
import { sendCall, wellFormedCalls } from '@portal/test-kit/well-formed-requests';
import type { Knex } from 'knex';
import { insertMagicLink, insertMagicLinkWithCode, signIn } from './auth-fixtures.js';
import { insertClientLogo, signedLinkOf } from './avatar-fixtures.js';
import type { UserRow } from './fixtures.js';
import { insertFor } from './records.js';
import { solidImage } from './test-images.js';

export interface OperationCall {
  operationId: OperationId;
  /** What the operation answers when all is well. */
  status: 200 | 204;
  send(): Promise<Response>;
}

/**
 * One well-formed request for each operation of the contract (the test kit's), made for `user` of the
 * tenant `tenantCode`, whose sections this enables, with a record of each list. The credentials they carry
 * are made now (a magic link, a later one whose code is used, three sessions), while the server and its
 * database answer; each call can be sent once.
 */
export async function wellFormedRequests(
  baseUrl: string,
  db: Knex,
  signInCodeKey: Buffer,
  user: Pick<UserRow, 'id' | 'tenant_id' | 'client_id' | 'email'>,
  tenantCode: string,
): Promise<OperationCall[]> {
  await db('tenants')
    .where({ id: user.tenant_id })
    .update({ section_finance: true, section_configurator: true });
  const client = { id: user.client_id, tenant_id: user.tenant_id };
  const invoice = await insertFor(db, 'invoices', client, { status: 'issued', total_minor: 100 });
  const order = await insertFor(db, 'orders', client, { status: 'open' });
  const estimate = await insertFor(db, 'estimates', client, { status: 'sent' });
  const magicLinkToken = await insertMagicLink(db, user);
  // Dated a minute ahead, so that its code stays the one that counts: later than the link above, and than
  // the link that the requestMagicLink call makes when the calls are sent at once. Either link can be used
  // without the other.
  const { code } = await insertMagicLinkWithCode(db, signInCodeKey, user, {
    createdAt: new Date(Date.now() + 60_000),
  });
  const toRefresh = await signIn(baseUrl, db, user);
  const toLogOut = await signIn(baseUrl, db, user);
  const toEnd = await signIn(baseUrl, db, user);
  // The other calls' own sign-in, not one that logout or endSession ends: the calls may be sent at once.
  const toCall = await signIn(baseUrl, db, user);
  const logo = await insertClientLogo(db, client);
  const link = await signedLinkOf(baseUrl, toRefresh.accessToken, logo.blobId);
  const calls = wellFormedCalls({
    email: user.email,
    tenantCode,
    magicLinkToken,
    signInCode: code,
    refreshToken: toRefresh.refreshToken,
    accessToken: toCall.accessToken,
    logoutRefreshToken: toLogOut.refreshToken,
    endSessionId: sessionIdOf(toEnd.accessToken),
    documents: { invoiceId: invoice.id, orderId: order.id, estimateId: estimate.id },
    picture: { png: await solidImage('png'), blobId: logo.blobId, link },
  });
  return calls.map((call) => ({ ...call, send: () => sendCall(baseUrl, call) }));
}

/** The sign-in an access token names (its `sid` claim), read without verifying it: the test made it. */
export function sessionIdOf(accessToken: string): string {
  const payload = accessToken.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sid: string }).sid;
}

/** The operationIds of the contract, sorted: to prove that a list covers every operation. */
export function operationIdsOf(): string[] {
  return operationList.map((op) => op.id).sort();
}
