import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

/** Who holds the embedded database, as written in its lock file. */
export interface LockOwner {
  pid: number;
  /** `server` or `portal-admin`. */
  role: string;
  /** Where the holder runs admin commands for other processes (the server does). */
  adminSocket?: string;
}

/** Thrown when another live process holds the embedded database. */
export class EmbeddedDatabaseInUse extends Error {
  constructor(
    readonly lockFile: string,
    readonly owner: LockOwner | undefined,
  ) {
    super(
      `The embedded database is in use by ${owner ? `${owner.role} (process ${owner.pid})` : 'another process'}` +
        `. Wait for it to finish or stop it, then try again (or use DATABASE_URL); lock file: ${lockFile}.`,
    );
    this.name = 'EmbeddedDatabaseInUse';
  }
}

export interface EmbeddedLock {
  readonly file: string;
  /** Adds what other processes may use (the admin socket) to the lock file. */
  advertise(extra: Pick<LockOwner, 'adminSocket'>): void;
  release(): void;
}

/**
 * PGlite keeps a PostgreSQL data directory that only one process may open: a second one would write the
 * same files and corrupt them. So whoever opens it first takes a lock file beside it, holding its pid; a
 * lock whose process is gone (a crash) is taken over.
 */
export function lockEmbeddedDatabase(dir: string, role: string): EmbeddedLock {
  const file = `${dir}.lock`;
  const owner: LockOwner = { pid: process.pid, role };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readOwner(file);
      if (attempt > 0 || !holder || isAlive(holder.pid)) throw new EmbeddedDatabaseInUse(file, holder);
      unlinkSync(file); // the holder died without releasing it
    }
  }
  return {
    file,
    advertise(extra) {
      // Written aside and renamed, so a reader never sees half a file.
      writeFileSync(`${file}.${process.pid}`, JSON.stringify({ ...owner, ...extra }), { mode: 0o600 });
      renameSync(`${file}.${process.pid}`, file);
    },
    release() {
      if (readOwner(file)?.pid === process.pid) unlinkSync(file);
    },
  };
}

/** The holder of the lock file, if it names one. */
function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8'));
    return Number.isInteger(owner?.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}
