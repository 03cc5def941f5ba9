import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { databaseKinds } from '../testing/test-database.js';
import { insertTenant } from '../tests/support/fixtures.js';
import { upsertRows } from './upsert.js';

describe.each(databaseKinds())('upsertRows on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.close());

  it('inserts new rows, updates changed ones and leaves identical ones untouched', async () => {
    const db = server.database.knex;
    const tenant = await insertTenant(db);
    const client = (externalId: string, name: string) => ({
      tenant_id: tenant.id,
      external_id: externalId,
      name,
    });
    const key = ['tenant_id', 'external_id'];

    expect(await upsertRows(db, 'clients', key, [client('a', 'A'), client('b', 'B')])).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    const before = await db('clients').where({ tenant_id: tenant.id }).orderBy('external_id');

    expect(
      await upsertRows(db, 'clients', key, [client('a', 'A'), client('b', 'B2'), client('c', 'C')]),
    ).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 1,
    });
    const after = await db('clients').where({ tenant_id: tenant.id }).orderBy('external_id');
    expect(after[0]).toEqual(before[0]); // untouched, updated_at included
    expect(after[1]).toMatchObject({ id: before[1].id, name: 'B2' });
  });

  it('does nothing for no rows', async () => {
    expect(await upsertRows(server.database.knex, 'clients', ['id'], [])).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 0,
    });
  });
});
