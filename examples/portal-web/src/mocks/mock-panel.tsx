import {
  type MockMail,
  SCENARIO_STORAGE_KEY,
  SCENARIOS,
  type ScenarioName,
  SESSION_SCENARIOS,
} from '@portal/mocks/browser';
import { useState, useSyncExternalStore } from 'react';
import { ALL_SECTIONS } from '../sections';
import { loadMockTenant, MOCK_CURRENCIES, saveMockTenant } from './mock-tenant';

const EXTRA_SCENARIOS = (Object.keys(SCENARIOS) as ScenarioName[]).filter(
  (name) => !(SESSION_SCENARIOS as readonly string[]).includes(name),
);

/**
 * `pnpm dev:mock` only: choose the mocks' scenario and the demo tenant's sections and currency (applied by a
 * reload, as the mocks set a scenario up when the page loads), and read the mailbox instead of an inbox.
 */
export default function MockPanel() {
  const mocks = window.portalMocks;
  const active = mocks?.state.scenarios ?? [];
  const [session, setSession] = useState(active.find(isSessionScenario) ?? 'signed-out');
  const [extras, setExtras] = useState<ScenarioName[]>(active.filter((name) => !isSessionScenario(name)));
  const [tenant, setTenant] = useState(loadMockTenant);
  const mail = useLatestMail();
  if (!mocks) return null;

  function apply() {
    localStorage.setItem(SCENARIO_STORAGE_KEY, [session, ...extras].join(','));
    saveMockTenant(tenant);
    window.location.reload();
  }

  return (
    <aside className="mock-panel" aria-label="Mocks">
      <details>
        <summary>Mocks: {active.join(', ')}</summary>
        <fieldset>
          <legend>Session</legend>
          {SESSION_SCENARIOS.map((name) => (
            <label key={name} title={SCENARIOS[name]}>
              <input
                type="radio"
                name="session"
                checked={session === name}
                onChange={() => setSession(name)}
              />
              {name}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Also</legend>
          {EXTRA_SCENARIOS.map((name) => (
            <label key={name} title={SCENARIOS[name]}>
              <input
                type="checkbox"
                checked={extras.includes(name)}
                onChange={(e) =>
                  setExtras(e.target.checked ? [...extras, name] : extras.filter((n) => n !== name))
                }
              />
              {name}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Tenant</legend>
          {ALL_SECTIONS.map(({ key, label }) => (
            <label key={key}>
              <input
                type="checkbox"
                checked={tenant.sections[key]}
                onChange={(e) =>
                  setTenant({ ...tenant, sections: { ...tenant.sections, [key]: e.target.checked } })
                }
              />
              {label}
            </label>
          ))}
          <label>
            Currency{' '}
            <select
              value={tenant.currency}
              onChange={(e) => setTenant({ ...tenant, currency: e.target.value })}
            >
              {MOCK_CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        </fieldset>
        <button type="button" onClick={apply}>
          Apply and reload
        </button>
        <p className="mock-mail">
          Demo account: {mocks.state.account.me.email} (tenant {mocks.state.account.tenantCode})
          <br />
          {mail ? (
            <>
              Latest mail to {mail.to}: <a href={mail.link}>open the sign-in link</a>, or type its code{' '}
              <code className="mock-code">{mail.code}</code>
            </>
          ) : (
            'No sign-in mail yet.'
          )}
        </p>
      </details>
    </aside>
  );
}

const noMail = () => () => {};

/** The mocks' latest mail, also one sent between this panel's first render and its subscription. */
function useLatestMail(): MockMail | undefined {
  const mailbox = window.portalMocks?.mailbox;
  return useSyncExternalStore(mailbox ? (onChange) => mailbox.onMail(onChange) : noMail, () =>
    mailbox?.latest(),
  );
}

function isSessionScenario(name: string): name is (typeof SESSION_SCENARIOS)[number] {
  return (SESSION_SCENARIOS as readonly string[]).includes(name);
}
