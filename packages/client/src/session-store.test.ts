import { describe, expect, it } from 'vitest';
import { memorySessionStore } from './session-store.js';
import type { Session } from './types.js';

const session: Session = {
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  accessExpiresUnix: 1_900_000_000,
  id: 'user-1',
  username: 'ada@example.com',
};

describe('memorySessionStore', () => {
  it('starts empty, or with the session it is given', () => {
    expect(memorySessionStore().get()).toBeNull();
    expect(memorySessionStore(session).get()).toBe(session);
  });

  it('keeps what is set until it is cleared', () => {
    const store = memorySessionStore();
    store.set(session);
    expect(store.get()).toBe(session);
    store.clear();
    expect(store.get()).toBeNull();
  });
});
