import { type SetupServer, setupServer } from 'msw/node';
import { createHandlers, type HandlerOptions } from './handlers/create-handlers.js';
import type { ScenarioName } from './scenarios/scenarios.js';
import { mockState } from './state/default-state.js';

export * from './index.js';

export interface MockServerOptions extends HandlerOptions {
  /** Scenarios to switch to now, e.g. `['signed-in', 'empty-dashboard']`. */
  scenario?: ScenarioName | readonly ScenarioName[] | string;
}

/**
 * An MSW server (`msw/node`) with the Portal handlers: `listen()` it in `beforeAll`, call `resetHandlers()` and
 * `resetMockState()` in `afterEach`, `close()` it in `afterAll`.
 */
export function createMockServer(options: MockServerOptions = {}): SetupServer {
  if (options.scenario !== undefined) (options.state ?? mockState).useScenario(options.scenario);
  return setupServer(...createHandlers(options));
}
