import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../test-support/server-process.js';

let child: ServerProcess | undefined;
afterEach(() => {
  child?.kill();
});

/** Starts the built server on a free port over a throwaway database; resolves with its port. */
async function startServerProcessOnMemory(): Promise<{ port: number; exit: Promise<number | null> }> {
  child = await startServerProcess({ PGLITE_DIR: 'memory://' });
  return { port: child.port, exit: child.exited };
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
});
