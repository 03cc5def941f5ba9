import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { AdminError, EXIT } from '../../errors/admin-error.js';
import { parseCommand } from './commands.js';
import { execute, report } from './execute.js';

/**
 * The embedded database belongs to one process. While the server holds it, `portal-admin` sends its
 * command line here and the server runs it on its own connection, where knex serializes it with the
 * requests' queries: one process, one writer, nothing to corrupt.
 *
 * The socket lives in a fresh directory only this user can enter (mkdtemp creates it 0700), and is
 * advertised in the database's lock file, which is the only way to find it.
 */
interface Request {
  argv: string[];
  cwd: string;
}
export interface Reply {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const MAX_REQUEST_BYTES = 64 * 1024;
// Only this user can reach the socket, but a stuck or runaway script of theirs must not pile up connections.
const MAX_CONNECTIONS = 8;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

export interface AdminChannel {
  socketPath: string;
  close(): Promise<void>;
}

/**
 * Listens for forwarded admin commands and runs them on `db`. Whatever arrives, the server goes on: a
 * malformed line is refused, a client that sends nothing is dropped after `idleTimeoutMs`, and connections
 * beyond a few at once are refused.
 */
export async function serveAdminCommands(
  db: Knex,
  log: Logger,
  { idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS } = {},
): Promise<AdminChannel> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-admin-'));
  const socketPath = path.join(dir, 'admin.sock');
  const server = net.createServer((socket) => {
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    readRequest(socket)
      .then(async (request) => {
        socket.setTimeout(0); // read: the command may take as long as it takes
        const reply = await run(db, request);
        log.info({ command: request.argv.slice(0, 2).join(' '), exitCode: reply.exitCode }, 'admin command');
        socket.end(`${JSON.stringify(reply)}\n`);
      })
      .catch((err: unknown) => {
        log.warn({ err }, 'admin command refused');
        socket.destroy();
      });
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.on('error', (err) => log.error({ err }, 'admin channel failed'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

async function run(db: Knex, request: Request): Promise<Reply> {
  const reply: Reply = { exitCode: 0, stdout: '', stderr: '' };
  const out = {
    stdout: (t: string) => {
      reply.stdout += t;
    },
    stderr: (t: string) => {
      reply.stderr += t;
    },
  };
  try {
    reply.exitCode = await execute(parseCommand(request.argv, request.cwd), db, out);
  } catch (err) {
    reply.exitCode = report(err, out);
  }
  return reply;
}

function readRequest(socket: net.Socket): Promise<Request> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_REQUEST_BYTES) return reject(new Error('admin request too large'));
      const end = text.indexOf('\n');
      if (end < 0) return;
      let request: Partial<Request> | null = null;
      try {
        request = JSON.parse(text.slice(0, end)) as Partial<Request> | null;
      } catch {
        // A parse error thrown here, in an event handler, would bring the whole server down.
      }
      const valid =
        Array.isArray(request?.argv) &&
        request.argv.every((a: unknown) => typeof a === 'string') &&
        typeof request.cwd === 'string';
      if (valid) resolve(request as Request);
      else reject(new Error('malformed admin request'));
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('admin client left before its request')));
  });
}

/** Sends a command line to the server holding the embedded database; resolves with what it printed. */
export function forwardCommand(socketPath: string, argv: string[], cwd: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = net.createConnection(socketPath, () => socket.write(`${JSON.stringify({ argv, cwd })}\n`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('end', () => {
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(noAnswer(socketPath, 'no reply'));
      }
    });
    socket.on('error', (err) => reject(noAnswer(socketPath, err.message)));
  });
}

const noAnswer = (socketPath: string, why: string) =>
  new AdminError(
    `The server holding the embedded database did not answer on ${socketPath} (${why}). Try again; if the server is gone, its lock file is released at the next start.`,
    EXIT.unavailable,
  );
