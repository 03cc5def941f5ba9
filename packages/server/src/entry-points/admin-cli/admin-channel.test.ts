import net from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { type AdminChannel, forwardCommand, serveAdminCommands } from './admin-channel.js';

// What a client of the admin socket can do to the server that holds the embedded database: whatever it is,
// the channel (and the process) goes on serving.
describe('the admin channel, under malformed, silent and numerous clients', () => {
  let database: Database;
  let channel: AdminChannel;
  beforeAll(async () => {
    database = await openDatabase({
      database: { kind: 'pglite', dir: 'memory://' },
      dbPoolMax: 1,
      dbStatementTimeoutMs: 5000,
    });
    await migrateToLatest(database.knex);
    channel = await serveAdminCommands(database.knex, pino({ level: 'silent' }), { idleTimeoutMs: 300 });
  });
  afterAll(async () => {
    await channel?.close();
    await database?.close();
  });

  const works = async () =>
    expect(
      await forwardCommand(
        channel.socketPath,
        ['tenant', 'sections', '--code', 'none', '--sections', ''],
        '/',
      ),
    ).toMatchObject({
      exitCode: 65,
    });

  /** Connects, sends `text`, and resolves with what came back when the server closed the connection. */
  const exchange = (text: string | null) =>
    new Promise<{ reply: string; closed: boolean }>((resolve) => {
      let reply = '';
      const socket = net.createConnection(channel.socketPath, () => {
        if (text !== null) socket.write(text);
      });
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        reply += chunk;
      });
      socket.on('close', () => resolve({ reply, closed: true }));
      socket.on('error', () => undefined);
    });

  it('refuses malformed lines, and goes on answering well-formed ones', async () => {
    for (const line of ['{not json\n', 'null\n', '{"argv":"tenant"}\n', '[]\n', `${'x'.repeat(70_000)}\n`]) {
      expect(await exchange(line)).toEqual({ reply: '', closed: true });
    }
    await works();
  });

  it('drops a client that sends nothing, after the idle timeout', async () => {
    const started = Date.now();
    expect(await exchange(null)).toEqual({ reply: '', closed: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    await works();
  });

  it('survives a flood of connections, and serves again afterwards', async () => {
    const flood = await Promise.all(Array.from({ length: 50 }, () => exchange(null)));
    expect(flood.every((c) => c.closed)).toBe(true);
    await works();
  });
});
