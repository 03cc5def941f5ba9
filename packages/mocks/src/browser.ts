import { type SetupWorker, setupWorker } from 'msw/browser';
import { saveState } from './browser/persisted-state.js';
import { type PrepareOptions, prepareState } from './browser/prepare-state.js';
import { createHandlers, type HandlerOptions } from './handlers/create-handlers.js';
import { SCENARIOS } from './scenarios/scenarios.js';
import { mockState } from './state/default-state.js';

export { STATE_STORAGE_KEY } from './browser/persisted-state.js';
export {
  SCENARIO_QUERY_PARAMETER,
  SCENARIO_STORAGE_KEY,
  selectScenario,
} from './browser/scenario-selection.js';
export * from './index.js';

export interface BrowserMockOptions extends HandlerOptions, PrepareOptions {
  /** Where the app serves `mockServiceWorker.js` (`npx msw init public`): `/mockServiceWorker.js` by default. */
  serviceWorkerUrl?: string;
  /** Do not log the scenario and the sign-in links to the console. */
  quiet?: boolean;
}

declare global {
  interface Window {
    /** The running mocks, for the devtools console: `portalMocks.mailbox.latest().link`. */
    portalMocks?: {
      state: typeof mockState;
      mailbox: typeof mockState.mailbox;
      scenarios: typeof SCENARIOS;
      useScenario(...names: string[]): void;
    };
  }
}

/**
 * Starts the Portal mocks in the browser (MSW's service worker). The scenario comes from
 * `?mock-scenario=...`, else from localStorage `portal-mocks:scenario`, else `options.scenario`. Sessions
 * and mails survive reloads; sign-in links are logged to the console and kept in `window.portalMocks.mailbox`.
 * Requests the mocks do not handle go to the network.
 */
export async function startMockWorker(options: BrowserMockOptions = {}): Promise<SetupWorker> {
  const state = options.state ?? mockState;
  const storage = options.persist === false ? undefined : window.localStorage;
  const active = prepareState(
    state,
    { search: window.location.search, origin: window.location.origin, storage: window.localStorage },
    options,
  );
  const worker = setupWorker(...createHandlers({ ...options, state }, 'worker'));
  if (storage) {
    const save = () => saveState(state, storage);
    worker.events.on('response:mocked', save);
    save();
  }
  window.portalMocks = {
    state,
    mailbox: state.mailbox,
    scenarios: SCENARIOS,
    useScenario: (...names) => {
      state.useScenario(names.join(','));
      if (storage) saveState(state, storage);
    },
  };
  if (!options.quiet) {
    const { me, tenantCode } = state.account;
    console.info(
      `[@portal/mocks] scenario ${active.join(', ')}; demo account ${me.email} (tenant ${tenantCode})`,
    );
    state.mailbox.onMail((mail) => console.info(`[@portal/mocks] sign-in link for ${mail.to}: ${mail.link}`));
  }
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: options.quiet ?? false,
  });
  return worker;
}
