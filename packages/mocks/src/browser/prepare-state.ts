import { parseScenarios, type ScenarioName } from '../scenarios/scenarios.js';
import type { MockState, ResetOptions } from '../state/mock-state.js';
import { restoreState } from './persisted-state.js';
import { selectScenario } from './scenario-selection.js';

export interface PageContext {
  /** `location.search` */
  search: string;
  /** `location.origin`: mailed links lead to `${origin}/auth/magic#token=...`, as the server's do. */
  origin: string;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
}

export interface PrepareOptions {
  /** The scenarios when the page names none (query parameter or localStorage): `signed-out` by default. */
  scenario?: ScenarioName | readonly ScenarioName[] | string;
  /** Keep sessions and mails across reloads in localStorage (default true). */
  persist?: boolean;
  /** Data and settings of the fresh state (demo account overrides, seed, settings). */
  reset?: Omit<ResetOptions, 'scenario'>;
}

/**
 * Sets the state up for a page load: fresh seeded data, the sessions and mails of earlier loads, then the
 * scenario the page asked for. A scenario already set up by an earlier load is not set up again, so a reload
 * in `refresh-revoked` does not revoke the session signed in since. Returns the active scenarios.
 */
export function prepareState(
  state: MockState,
  page: PageContext,
  options: PrepareOptions = {},
): ScenarioName[] {
  const { reset = {} } = options;
  state.reset({ ...reset, settings: { signInUrl: `${page.origin}/auth/magic`, ...reset.settings } });
  let requested: ScenarioName[];
  try {
    requested = parseScenarios(selectScenario(page.search, page.storage) ?? stringOf(options.scenario));
  } catch (err) {
    console.error(`[@portal/mocks] ${(err as Error).message}; using the default scenario`);
    requested = parseScenarios(stringOf(options.scenario));
  }
  const restored = options.persist !== false && page.storage ? restoreState(state, page.storage) : undefined;
  if (restored === requested.join(',')) state.scenarios = requested;
  else state.useScenario(requested);
  return state.scenarios;
}

function stringOf(scenario: PrepareOptions['scenario']): string {
  return typeof scenario === 'string' ? scenario : (scenario ?? []).join(',');
}
