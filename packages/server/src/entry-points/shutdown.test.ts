import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../testing/test-database.js';
import { cli, createCliDatabase } from '../tests/support/cli-harness.js';
import {
  type StartingServerProcess,
  startServerProcess,
  startServerProcessUntil,
} from '../tests/support/server-process.js';

let child: StartingServerProcess | undefined;
afterEach(() => {
  child?.kill();
});

/** Starts the built server on a free port over a throwaway database; resolves with its port. */
async function startServerProcessOnMemory(
  env: Record<string, string> = {},
): Promise<{ port: number; exit: Promise<number | null> }> {
  const started = await startServerProcess({ PGLITE_DIR: 'memory://', ...env });
  child = started;
  return { port: started.port, exit: started.exited };
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the request in flight, refuses new connections, and exits 0', async () => {
    const { port, exit } = await startServerProcessOnMemory();
    // Malformed on purpose: the answer (400) depends only on the HTTP machinery, whatever the handlers do.
    const body = '{"email": "ada@example.com", "tenantCode": ';

    // A request whose body is still arriving when the signal comes: it is in flight.
    const socket = await connect(port);
    let response = '';
    socket.on('data', (chunk) => {
      response += chunk.toString();
    });
    socket.write(
      `POST /api/v1/portal/auth/request-magic-link HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 200));
    child?.signal('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));

    await expect(connect(port)).rejects.toThrow(/ECONNREFUSED/);

    socket.write(body.slice(10));
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(response).toMatch(/"detail":"The request body is not valid JSON."/);
    expect(await exit).toBe(0);
  });

  it('on SIGINT with idle keep-alive connections, exits 0 at once', async () => {
    const { port, exit } = await startServerProcessOnMemory();
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { keepalive: true });
    expect(res.status).toBe(200);
    const started = Date.now();
    child?.signal('SIGINT');
    expect(await exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('with a drain delay, on SIGTERM reports not ready at once, keeps serving for the delay, then closes', async () => {
    const { port, exit } = await startServerProcessOnMemory({ SHUTDOWN_DRAIN_SECONDS: '1.5' });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const signalled = Date.now();
    child?.signal('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));

    // Not ready, so the balancer takes the instance out; but whatever still arrives, on new connections, is served.
    const readiness = await fetch(`${base}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({ status: 'draining' });
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    // Each answer while draining closes its connection, so a keep-alive client reconnects elsewhere.
    expect(health.headers.get('connection')).toBe('close');
    const api = await fetch(`${base}/api/v1/portal/auth/request-magic-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(400);
    expect(Date.now() - signalled).toBeLessThan(1500);

    expect(await exit).toBe(0);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1500);
    await expect(connect(port)).rejects.toThrow(/ECONNREFUSED/);
  }, 90_000);
});

describe.each(databaseKinds())('asked to stop while starting, on %s', (kind) => {
  it('ends the start first (every migration applied, their lock free), then shuts down cleanly: exit 0', async () => {
    const database = await createCliDatabase(kind);
    try {
      // A new database: the start runs every migration. The signal comes once the handlers are in place.
      child = await startServerProcessUntil(
        { ...database.env, MIGRATE_ON_START: 'true' },
        'portal server starting',
      );
      child.signal('SIGTERM');
      expect(await child.exited).toBe(0);
      const said = child.logs.map((line) => line.msg as string);
      const order = [
        'asked to stop while starting; stopping once started',
        'database migrated',
        'portal server listening',
        'shutting down',
        'shut down cleanly',
      ];
      expect(said.filter((msg) => order.includes(msg))).toEqual(order);
      const status = await cli(database.env, 'migrate', 'status');
      expect(status.json()).toMatchObject({ pending: [], locked: false });
    } finally {
      await database.drop();
    }
  }, 90_000);
});
