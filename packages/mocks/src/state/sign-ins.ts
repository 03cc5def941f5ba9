import type { Schemas } from '@portal/contract';
import Bowser from 'bowser';

/** One sign-in (a refresh-token family) as the devices list shows it; times in milliseconds. */
export interface SignInRecord {
  userId: string;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  userAgent?: string | undefined;
}

/**
 * The sign-ins behind the session store's families, with the server's rules for the devices list: newest
 * use first, only live ones, at most `max` live ones per person (the least recently used ends first).
 */
export class SignIns {
  #records = new Map<string, SignInRecord>();

  start(id: string, record: SignInRecord): void {
    this.#records.set(id, record);
  }

  has(id: string): boolean {
    return this.#records.has(id);
  }

  get(id: string): SignInRecord | undefined {
    return this.#records.get(id);
  }

  touch(id: string, now: number): void {
    const record = this.#records.get(id);
    if (record) record.lastUsedAt = now;
  }

  /** The live sign-ins of `userId` (not revoked, not past their end), most recently used first. */
  liveOf(userId: string, now: number, revoked: (id: string) => boolean): [string, SignInRecord][] {
    // Newest first within the same millisecond too: the later started (inserted) one.
    return [...this.#records]
      .reverse()
      .filter(([id, r]) => r.userId === userId && r.expiresAt > now && !revoked(id))
      .sort(([, a], [, b]) => b.lastUsedAt - a.lastUsedAt);
  }

  clear(): void {
    this.#records.clear();
  }

  snapshot(): [string, SignInRecord][] {
    return [...this.#records];
  }

  restore(entries: [string, SignInRecord][] | undefined): void {
    this.#records = new Map(entries ?? []);
  }
}

/** The list entry of a sign-in, as the server answers it (no address is known to the mocks: no network hint). */
export function sessionEntry(id: string, record: SignInRecord, currentId: string): Schemas['Session'] {
  return {
    id,
    createdAt: new Date(record.createdAt).toISOString(),
    lastUsedAt: new Date(record.lastUsedAt).toISOString(),
    expiresAt: new Date(record.expiresAt).toISOString(),
    device: deviceLabel(record.userAgent),
    network: null,
    current: id === currentId,
  };
}

// The server's label, by the same parser: "Firefox on Windows", or "Unknown device".
function deviceLabel(userAgent: string | undefined): string {
  if (!userAgent?.trim()) return 'Unknown device';
  const { browser, os } = Bowser.parse(userAgent);
  if (browser.name && os.name) return `${browser.name} on ${os.name}`;
  return browser.name || os.name || 'Unknown device';
}
