/**
 * `@portal/mocks`: MSW handlers for every operation of the Portal API, behaving like the server. For Node use
 * `@portal/mocks/node` (`createMockServer`), for the browser `@portal/mocks/browser` (`startMockWorker`).
 */
import { defaultServerUrl } from '@portal/contract';

/** Where the handlers mock the API unless told otherwise: the contract's server, `http://localhost:18080`. */
export const DEFAULT_BASE_URL: string = defaultServerUrl;
export { type AccountOverrides, createAccount, DEMO_TENANT_CODE, type MockAccount } from './data/accounts.js';
export {
  type Address,
  type AuthTokens,
  type Avatar,
  type ClientProfile,
  createAddress,
  createAvatar,
  createClientProfile,
  createDashboardStats,
  createEmptyDashboardStats,
  createMe,
  createScopes,
  type DashboardStats,
  type PortalMe,
  type PortalScopes,
} from './data/factories.js';
export { DEFAULT_SEED, seedFactories } from './data/faker.js';
export { createHandlers, type HandlerOptions } from './handlers/create-handlers.js';
export { createPortalHttp } from './http/portal-http.js';
export {
  parseScenarios,
  SCENARIO_NAMES,
  SCENARIOS,
  type ScenarioName,
  SESSION_SCENARIOS,
} from './scenarios/scenarios.js';
export { mailbox, mockState, resetMockState, useScenario } from './state/default-state.js';
export type { Mailbox, MockMail } from './state/mailbox.js';
export { MockState, type ResetOptions } from './state/mock-state.js';
export { DEFAULT_SETTINGS, type MockSettings } from './state/settings.js';
