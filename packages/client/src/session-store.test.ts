import { describe, expect, it } from 'vitest';
import { memorySessionStore } from './session-store.js';
import { SESSION as session } from './test-support/fake-portal-api.js';

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
