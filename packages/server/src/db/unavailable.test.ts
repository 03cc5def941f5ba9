import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startTcpProxy } from '../tests/support/tcp-proxy.js';
import { isDatabaseUnavailable } from './unavailable.js';

// The errors pg really throws when the database is away, each of which must become 503, not 500.
async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected the database work to fail');
}

describe('a database that cannot be reached', () => {
  it('is recognised when the connection is refused or gets no answer in time', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 1 });
    const client = (options: pg.ClientConfig = {}) =>
      new pg.Client({ host: '127.0.0.1', port: proxy.port, user: 'x', database: 'x', ...options });
    try {
      proxy.blackhole();
      const silent = await errorOf(() => client({ connectionTimeoutMillis: 200 }).connect());
      expect(isDatabaseUnavailable(silent)).toBe(true);
      await proxy.cut();
      const refused = await errorOf(() => client().connect());
      expect(isDatabaseUnavailable(refused)).toBe(true);
    } finally {
      await proxy.cut();
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'is recognised when a query sent gets no answer in time',
    async () => {
      const target = new URL(process.env.TEST_DATABASE_URL as string);
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      const url = new URL(target);
      url.host = `127.0.0.1:${proxy.port}`;
      const client = new pg.Client({ connectionString: url.toString(), query_timeout: 200 });
      try {
        await client.connect();
        proxy.blackhole();
        const unanswered = await errorOf(() => client.query('SELECT 1'));
        expect(isDatabaseUnavailable(unanswered)).toBe(true);
      } finally {
        await proxy.restore();
        await client.end().catch(() => {});
        await proxy.cut();
      }
    },
  );

  it('is not confused with a bug', () => {
    expect(isDatabaseUnavailable(new Error('relation "x" does not exist'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax'), { code: '42601' }))).toBe(false);
  });
});
