import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_JWT_SECRET } from '../../testing/start-test-server.js';

const MAIN = fileURLToPath(new URL('../../../dist/entry-points/server.js', import.meta.url));
const MEMORY_PROBE = fileURLToPath(new URL('./memory-probe.cjs', import.meta.url));

export interface ServerProcess {
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  port: number;
  /** Every JSON line the server logged so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  signal(signal: NodeJS.Signals): void;
  /** The server's heap after a full garbage collection (started with `probeMemory` only). */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** SIGKILL, if still running: for `finally` blocks. */
  kill(): void;
}

/**
 * Starts the built server (`dist/entry-points/server.js`, as production runs it) in a process of its own on a free port
 * of 127.0.0.1, with the test JWT secret and `env` on top; resolves once it listens. `probeMemory`
 * preloads memory-probe.cjs, which answers `memory()` over IPC; `main` runs another build (the artifact).
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: { probeMemory?: boolean; main?: string; cwd?: string } = {},
): Promise<ServerProcess> {
  const { child, logs, exited, entry } = await spawnServer(
    env,
    options,
    (line) => line.msg === 'portal server listening',
  );
  // Bound to every interface (HOST unset): reach it on loopback.
  const url = (entry.url as string).replace(/\/\/(\[::\]|0\.0\.0\.0):/, '//127.0.0.1:');
  return handle(child, url, logs, exited);
}

/** A server process caught before it listens: what it logged so far, its exit, and signals. */
export type StartingServerProcess = Pick<ServerProcess, 'logs' | 'exited' | 'signal' | 'kill'>;

/** Starts the built server as startServerProcess does, and resolves as soon as it logs `message`. */
export async function startServerProcessUntil(
  env: Record<string, string>,
  message: string,
): Promise<StartingServerProcess> {
  const { child, logs, exited } = await spawnServer(env, {}, (line) => line.msg === message);
  return controls(child, logs, exited);
}

interface Spawned {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  /** The log line that made it ready. */
  entry: Record<string, unknown>;
}

/** Spawns the server; resolves at the first log line `isReady` accepts, rejects if it exits before. */
function spawnServer(
  env: Record<string, string>,
  { probeMemory = false, main = MAIN, cwd }: { probeMemory?: boolean; main?: string; cwd?: string },
  isReady: (entry: Record<string, unknown>) => boolean,
): Promise<Spawned> {
  const args = probeMemory ? ['--expose-gc', '--require', MEMORY_PROBE, main] : [main];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      JWT_SECRET: TEST_JWT_SECRET,
      ...env,
    },
    stdio: probeMemory ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let output = '';
  let pending = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (isReady(entry)) resolve({ child, logs, exited, entry });
      }
    });
    exited.then((code) => reject(new Error(`server exited with ${code} before it was ready:\n${output}`)));
  });
}

function handle(
  child: ChildProcess,
  url: string,
  logs: Record<string, unknown>[],
  exited: Promise<number | null>,
): ServerProcess {
  return {
    ...controls(child, logs, exited),
    url,
    port: Number(new URL(url).port),
    memory: () =>
      new Promise((resolve, reject) => {
        if (!child.send) return reject(new Error('started without probeMemory'));
        child.once('message', (usage) => resolve(usage as NodeJS.MemoryUsage));
        child.send('memory');
      }),
  };
}

function controls(
  child: ChildProcess,
  logs: Record<string, unknown>[],
  exited: Promise<number | null>,
): StartingServerProcess {
  return {
    logs,
    exited,
    signal: (signal) => child.kill(signal),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
