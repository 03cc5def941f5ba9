import { MockState, type ResetOptions } from './mock-state.js';

export { MockState };

/** The state behind handlers created without `state`: what `mailbox` and `resetMockState()` act on. */
export const mockState: MockState = new MockState();

/** The shared state's mailbox: `mailbox.tokenFor('ada@example.com')` once Ada (the default account) asked for a link. */
export const mailbox = mockState.mailbox;

/** Resets the shared state (data, mails, sessions, clock, scenario); call it in `afterEach`. */
export function resetMockState(options: ResetOptions = {}): void {
  mockState.reset(options);
}

/** Switches the shared state's scenarios: `useScenario('signed-in', 'empty-dashboard')`. */
export function useScenario(...names: Parameters<MockState['useScenario']>): void {
  mockState.useScenario(...names);
}
