import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A process serving HTTP that the bench started: the server under test or a baseline. */
export interface ChildTarget {
  name: string;
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first successful answer of its readiness path. */
  readyMs: number;
  /** Resident set size now, in bytes (from /proc). */
  rssBytes(): number;
  /** CPU time (user + system) the process has used so far, in milliseconds (from /proc). */
  cpuMs(): number;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s. Resolves once it has exited. */
  stop(): Promise<void>;
}

export interface TargetSpec {
  name: string;
  node: string;
  script: string;
  nodeArgs?: string[];
  env: Record<string, string>;
  /** A path that answers 200 once the process can serve, e.g. `/readyz`. */
  readyPath: string;
  /** stdout and stderr go here (the server logs every request in production). */
  logFile: string;
}

export async function startTarget(spec: TargetSpec): Promise<ChildTarget> {
  const port = await freePort();
  const log = openSync(spec.logFile, 'a');
  const started = performance.now();
  const child = spawn(spec.node, [...(spec.nodeArgs ?? []), spec.script], {
    env: { PATH: process.env.PATH ?? '', ...spec.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(child, `${url}${spec.readyPath}`, spec.name);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const readyMs = performance.now() - started;
  const pid = child.pid as number;
  return {
    name: spec.name,
    url,
    pid,
    readyMs,
    rssBytes: () => rssOf(pid),
    cpuMs: () => cpuMsOf(pid),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(force);
      }
    },
  };
}

async function waitUntilReady(child: ChildProcess, url: string, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before ready`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${name} was not ready within 60 s`);
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

// Linux reports CPU times in clock ticks of 1/100 s (USER_HZ, the same on every architecture Node runs on).
const MS_PER_TICK = 10;

function cpuMsOf(pid: number): number {
  // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK; // utime, stime (fields 14 and 15)
}

/** A TCP port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
