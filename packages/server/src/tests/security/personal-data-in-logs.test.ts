import { callOperation } from '@portal/test-kit/call-operation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/start-test-server.js';
import { databaseKinds } from '../../testing/test-database.js';
import { capturingLogger } from '../support/auth-fixtures.js';
import { insertClient, insertTenant, insertUser } from '../support/fixtures.js';

// A database error on a request that carries personal data: the log says which request and operation
// failed, and how (the SQLSTATE, the statement without its values), never the values themselves.
describe.each(databaseKinds())('the log of a failed statement on %s', (kind) => {
  const log = capturingLogger();
  let server: TestServer;
  const EMAIL = 'Ada.Logged@example.com';
  const USER_AGENT = 'LogProbe/9.9 (a user agent that must not be logged)';
  const CLIENT_ADDRESS = '198.51.100.23';

  beforeAll(async () => {
    server = await startTestServer(
      kind,
      { OUTBOX_WORKER: 'false', TRUST_PROXY: '1', LOG_LEVEL: 'debug' },
      { logger: log.logger },
    );
    const db = server.database.knex;
    const tenant = await insertTenant(db, { code: 'logs' });
    await insertUser(db, await insertClient(db, tenant), { email: EMAIL });
    // Every sign-in link fails to be stored, the way a broken disk or a bad migration would fail it.
    await db.raw(`CREATE FUNCTION refuse_links() RETURNS trigger AS $$
                  BEGIN RAISE EXCEPTION 'forced failure of the test'; END $$ LANGUAGE plpgsql`);
    await db.raw(`CREATE TRIGGER refuse_links BEFORE INSERT ON mail_outbox
                  FOR EACH ROW EXECUTE FUNCTION refuse_links()`);
  });
  afterAll(() => server?.close());

  it('holds the request id and the operation, and no email, address, user agent or bound value', async () => {
    const res = await callOperation(server.url, 'requestMagicLink', {
      body: { email: EMAIL, tenantCode: 'logs' },
      headers: { 'user-agent': USER_AGENT, 'x-forwarded-for': CLIENT_ADDRESS },
    });
    expect(res.status).toBe(500);
    const requestId = res.headers.get('x-request-id');

    const failures = log.lines.filter((line) => line.err !== undefined);
    expect(failures).toHaveLength(1);
    const [failure] = failures as [Record<string, unknown>];
    expect(failure).toMatchObject({
      msg: 'request failed',
      operation: 'requestMagicLink',
      req: { id: requestId },
      err: { code: 'P0001', message: expect.stringContaining('forced failure of the test') },
    });
    const text = JSON.stringify(failure);
    for (const personal of [
      EMAIL,
      EMAIL.toLowerCase(),
      USER_AGENT,
      CLIENT_ADDRESS,
      '127.0.0.1',
      '"params"',
      '"bindings"',
      '"data":[',
    ]) {
      expect(text, personal).not.toContain(personal);
    }
  });
});
