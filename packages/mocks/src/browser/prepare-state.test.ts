import { describe, expect, it } from 'vitest';
import { MockState } from '../state/mock-state.js';
import { STATE_STORAGE_KEY, saveState } from './persisted-state.js';
import { prepareState } from './prepare-state.js';
import { SCENARIO_STORAGE_KEY, selectScenario } from './scenario-selection.js';

/** localStorage as a Map. */
function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
    map,
  };
}

const origin = 'http://localhost:5173';

describe('choosing the scenario in the browser', () => {
  it('takes the query parameter and remembers it', () => {
    const storage = memoryStorage();
    expect(selectScenario('?mock-scenario=signed-in,slow-network', storage)).toBe('signed-in,slow-network');
    expect(storage.map.get(SCENARIO_STORAGE_KEY)).toBe('signed-in,slow-network');
    expect(selectScenario('?page=2', storage)).toBe('signed-in,slow-network');
  });

  it('forgets the choice with an empty parameter', () => {
    const storage = memoryStorage({ [SCENARIO_STORAGE_KEY]: 'server-error' });
    expect(selectScenario('?mock-scenario=', storage)).toBeUndefined();
    expect(storage.map.has(SCENARIO_STORAGE_KEY)).toBe(false);
  });

  it('takes the localStorage key, else the default of the code', () => {
    const state = new MockState();
    const page = {
      search: '',
      origin,
      storage: memoryStorage({ [SCENARIO_STORAGE_KEY]: 'empty-dashboard' }),
    };
    expect(prepareState(state, page, { scenario: 'signed-in' })).toEqual(['empty-dashboard']);
    expect(
      prepareState(state, { search: '', origin, storage: memoryStorage() }, { scenario: 'signed-in' }),
    ).toEqual(['signed-in']);
    expect(state.session).not.toBeNull();
  });

  it('falls back to the default on an unknown name, with a console error', () => {
    const state = new MockState();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(
        prepareState(state, { search: '?mock-scenario=nope', origin, storage: memoryStorage() }),
      ).toEqual(['signed-out']);
    } finally {
      console.error = original;
    }
    expect(String(errors[0])).toMatch(/Unknown mock scenario "nope"/);
  });

  it('links mails to the page origin', () => {
    const state = new MockState();
    prepareState(state, { search: '', origin, storage: undefined });
    expect(state.settings.signInUrl).toBe('http://localhost:5173/auth/magic');
  });
});

describe('reloading a page', () => {
  it('keeps the sessions and the mails of the previous load', () => {
    const storage = memoryStorage();
    const before = new MockState();
    prepareState(before, { search: '?mock-scenario=signed-in', origin, storage });
    const link = before.sessions.createMagicLink(before.account.me.id).token;
    const coded = before.sessions.createMagicLink(before.account.me.id);
    saveState(before, storage);

    const after = new MockState();
    prepareState(after, { search: '', origin, storage });
    expect(after.session).toEqual(before.session);
    expect(after.sessions.verifyAccessToken(before.session?.accessToken ?? '')).not.toBeNull();
    expect(after.sessions.redeemMagicLink(link)).toBe(after.account.me.id);
    expect(after.sessions.redeemSignInCode(after.account.me.id, coded.code)).toBe(after.account.me.id);
    expect(after.account).toEqual(before.account);
  });

  it('does not set a scenario up again: refresh-revoked spares a session signed in since', () => {
    const storage = memoryStorage();
    const first = new MockState();
    prepareState(first, { search: '?mock-scenario=refresh-revoked', origin, storage });
    const since = first.sessions.issue({
      userId: first.account.me.id,
      clientId: 'c',
      tenantCode: 'demo',
      email: 'e',
    });
    saveState(first, storage);

    const reloaded = new MockState();
    prepareState(reloaded, { search: '', origin, storage });
    expect(reloaded.sessions.rotate(since.refreshToken)).not.toBeNull();
  });

  it('sets a newly chosen scenario up over the kept sessions', () => {
    const storage = memoryStorage();
    const first = new MockState();
    prepareState(first, { search: '?mock-scenario=signed-in', origin, storage });
    saveState(first, storage);
    const reloaded = new MockState();
    prepareState(reloaded, { search: '?mock-scenario=refresh-revoked', origin, storage });
    expect(reloaded.sessions.rotate(first.session?.refreshToken ?? '')).toBeNull();
  });

  it('keeps nothing when persistence is off, or when the saved state is unreadable', () => {
    const storage = memoryStorage();
    const first = new MockState();
    prepareState(first, { search: '?mock-scenario=signed-in', origin, storage });
    saveState(first, storage);
    const fresh = new MockState();
    prepareState(fresh, { search: '', origin, storage }, { persist: false });
    expect(fresh.sessions.rotate(first.session?.refreshToken ?? '')).toBeNull();
    expect(fresh.session).not.toEqual(first.session);

    const broken = memoryStorage({ [STATE_STORAGE_KEY]: '{broken' });
    expect(
      prepareState(new MockState(), { search: '?mock-scenario=signed-in', origin, storage: broken }),
    ).toEqual(['signed-in']);
  });
});
