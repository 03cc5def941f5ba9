import type { AuthTokens } from '../data/factories.js';
import type { MockMail } from '../state/mailbox.js';
import type { MockState } from '../state/mock-state.js';
import type { SessionSnapshot } from '../state/session-store.js';

/** The localStorage key of the mock's sessions and mails, kept across reloads. */
export const STATE_STORAGE_KEY = 'portal-mocks:state';

interface PersistedState {
  version: 1;
  /** The scenarios whose session was set up, so a reload does not set it up again. */
  scenario: string;
  session: AuthTokens | null;
  sessions: SessionSnapshot;
  mails: MockMail[];
  clockOffsetMs: number;
}

type StateStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Saves what a page reload would otherwise lose: the sessions the mock issued (so an app that kept its tokens
 * stays signed in), the mails and the clock. Accounts are not saved: the seeded factories recreate them.
 */
export function saveState(state: MockState, storage: StateStorage): void {
  const persisted: PersistedState = {
    version: 1,
    scenario: state.scenarios.join(','),
    session: state.session,
    sessions: state.sessions.snapshot(),
    mails: [...state.mailbox.messages],
    clockOffsetMs: state.clock.offsetMs,
  };
  storage.setItem(STATE_STORAGE_KEY, JSON.stringify(persisted));
}

/**
 * Restores a saved state into `state`; returns the scenarios it had set up, or undefined when nothing (valid)
 * was saved.
 */
export function restoreState(state: MockState, storage: StateStorage): string | undefined {
  const text = storage.getItem(STATE_STORAGE_KEY);
  if (!text) return undefined;
  try {
    const persisted = JSON.parse(text) as PersistedState;
    if (persisted.version !== 1) return undefined;
    state.sessions.restore(persisted.sessions);
    state.mailbox.clear();
    for (const mail of persisted.mails) state.mailbox.deliver(mail);
    state.clock.offsetMs = persisted.clockOffsetMs;
    state.session = persisted.session;
    return persisted.scenario;
  } catch {
    return undefined;
  }
}
