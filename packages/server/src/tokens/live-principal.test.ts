import { bearerChallenge, type OperationId, operationList } from '@portal/contract';
import { callOperation } from '@portal/test-kit/call-operation';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { databaseKinds } from '../testing/test-database.js';
import { signIn } from '../tests/support/auth-fixtures.js';
import { insertClientLogo } from '../tests/support/avatar-fixtures.js';
import { insertClient, insertUserWithClient } from '../tests/support/fixtures.js';
import { insertFor } from '../tests/support/records.js';
import { readsThroughLiveness } from './live-principal.js';

const readsOfTheContract = operationList.filter(readsThroughLiveness).map((op) => op.id);

describe.each(databaseKinds())('one statement per authenticated read on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, {
      OUTBOX_WORKER: 'false',
      REFRESH_TOKEN_GRACE_SECONDS: '0',
      // Every case signs in anew from the same address: well over validate's default per-address limit.
      RATE_LIMIT_VALIDATE_IP: '10000/60',
      RATE_LIMIT_REFRESH_IP: '10000/60',
    });
  });
  afterAll(() => server?.close());

  const db = () => server.database.knex;

  /**
   * The statements the server's pool ran while `work` ran (nothing else uses it in this test), and whether
   * each was to be prepared (named: db/prepared-statement.ts).
   */
  async function statementsOf<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; statements: { sql: string; prepared: boolean }[] }> {
    const statements: { sql: string; prepared: boolean }[] = [];
    const onQuery = (q: Knex.Sql & { options?: { name?: unknown } }) =>
      statements.push({ sql: q.sql, prepared: typeof q.options?.name === 'string' });
    db().on('query', onQuery);
    try {
      return { result: await work(), statements };
    } finally {
      db().off('query', onQuery);
    }
  }

  // The record that each read of one record reads, by its path parameter (made by newSignIn).
  const recordReads: Partial<
    Record<OperationId, { table: 'invoices' | 'orders' | 'estimates'; param: string }>
  > = {
    getInvoice: { table: 'invoices', param: 'invoiceId' },
    getOrder: { table: 'orders', param: 'orderId' },
    getEstimate: { table: 'estimates', param: 'estimateId' },
  };
  /** The path parameters of each record read, by the access token of the user who owns the records. */
  const records = new Map<string, Partial<Record<OperationId, Record<string, string>>>>();

  const read = (op: OperationId, accessToken: string) =>
    statementsOf(() =>
      callOperation(server.url, op as 'getInvoice', {
        accessToken,
        path: records.get(accessToken)?.[op] as never, // absent for the lists and the portal reads
      }),
    );

  // The answer of the bearer check itself to a token that is not ours: a refused live check must look alike.
  const guardAnswer = async (op: OperationId, path?: Record<string, string>) => {
    const res = await callOperation(server.url, op as 'getInvoice', {
      accessToken: 'not.a.token',
      path: path as never,
    });
    return { headers: answerHeaders(res), body: comparable((await res.json()) as Record<string, unknown>) };
  };
  // Each answer has its own request id and time.
  const comparable = ({ requestId: _, time: __, ...body }: Record<string, unknown>) => body;
  const answerHeaders = (res: Response) => ({
    status: res.status,
    challenge: res.headers.get('www-authenticate'),
    type: res.headers.get('content-type'),
    cache: res.headers.get('cache-control'),
  });

  const expectUnauthorizedInOne = async (op: OperationId, accessToken: string) => {
    const { result: res, statements } = await read(op, accessToken);
    expect(statements).toHaveLength(1);
    expect(answerHeaders(res)).toMatchObject({ status: 401, challenge: bearerChallenge(true) });
    expect({
      headers: answerHeaders(res),
      body: comparable((await res.json()) as Record<string, unknown>),
    }).toEqual(await guardAnswer(op, records.get(accessToken)?.[op]));
  };

  /** A new user who signs in, with every section on and one record of each list. */
  const newSignIn = async () => {
    const { tenant, client, user } = await insertUserWithClient(db());
    await db()('tenants')
      .where({ id: tenant.id })
      .update({ section_finance: true, section_configurator: true });
    const tokens = await signIn(server.url, db(), user);
    const paths: Partial<Record<OperationId, Record<string, string>>> = {};
    const values = {
      invoices: { status: 'issued', total_minor: 100 },
      orders: { status: 'open' },
      estimates: { status: 'sent' },
    };
    for (const [op, { table, param }] of Object.entries(recordReads)) {
      paths[op as OperationId] = { [param]: (await insertFor(db(), table, client, values[table])).id };
    }
    // A picture's URL is given for a picture the user may see: their client's logo.
    paths.getBlobUrl = { blobId: (await insertClientLogo(db(), client)).blobId };
    records.set(tokens.accessToken, paths);
    return { tenant, client, user, tokens };
  };

  it.each(readsOfTheContract)('%s answers in exactly one statement, a prepared one', async (op) => {
    const { tokens } = await newSignIn();
    const { result: res, statements } = await read(op as OperationId, tokens.accessToken);
    expect(res.status).toBe(200);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.prepared).toBe(true);
  });

  describe.each(readsOfTheContract)(
    '%s refuses at the next request, in one statement, a token whose',
    (op) => {
      it('sign-in was logged out', async () => {
        const { tokens } = await newSignIn();
        const out = await callOperation(server.url, 'logout', {
          body: { refreshToken: tokens.refreshToken },
          accessToken: tokens.accessToken,
        });
        expect(out.status).toBe(204);
        await expectUnauthorizedInOne(op as OperationId, tokens.accessToken);
      });

      it('sign-in was ended by reuse detection', async () => {
        const { user, tokens } = await newSignIn();
        const refresh = () =>
          callOperation(server.url, 'refreshSession', { body: { refreshToken: tokens.refreshToken } });
        expect((await refresh()).status).toBe(200);
        expect((await refresh()).status).toBe(401); // no grace period: the rotated token was presented again
        expect(await db()('sessions').where({ user_id: user.id }).pluck('revoked_reason')).toEqual(['reuse']);
        await expectUnauthorizedInOne(op as OperationId, tokens.accessToken);
      });

      it('user was deactivated', async () => {
        const { user, tokens } = await newSignIn();
        await db()('portal_users').where({ id: user.id }).update({ active: false });
        await expectUnauthorizedInOne(op as OperationId, tokens.accessToken);
      });

      it('user was moved to another client', async () => {
        const { tenant, user, tokens } = await newSignIn();
        const other = await insertClient(db(), tenant);
        await db()('portal_users').where({ id: user.id }).update({ client_id: other.id });
        await expectUnauthorizedInOne(op as OperationId, tokens.accessToken);
      });

      it('client was deactivated', async () => {
        const { user, tokens } = await newSignIn();
        await db()('clients').where({ id: user.client_id }).update({ active: false });
        await expectUnauthorizedInOne(op as OperationId, tokens.accessToken);
      });

      it('tenant was deactivated', async () => {
        const { tenant, tokens } = await newSignIn();
        await db()('tenants').where({ id: tenant.id }).update({ active: false });
        await expectUnauthorizedInOne(op as OperationId, tokens.accessToken);
      });

      it('sign-in is past its absolute end', async () => {
        const { user, tokens } = await newSignIn();
        await db()('sessions')
          .where({ user_id: user.id })
          .update({ created_at: new Date(Date.now() - 3_600_000), expires_at: new Date(Date.now() - 1000) });
        await expectUnauthorizedInOne(op as OperationId, tokens.accessToken);
      });
    },
  );
});
