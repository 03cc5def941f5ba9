import { type AccountOverrides, createAccount, type MockAccount } from '../data/accounts.js';
import { demoAccounts } from '../data/demo-accounts.js';
import { createDocuments, type MockDocuments } from '../data/documents.js';
import type { AuthTokens } from '../data/factories.js';
import { seedFactories } from '../data/faker.js';
import { MockPictures } from '../pictures/mock-pictures.js';
import { isSessionScenario, parseScenarios, type ScenarioName } from '../scenarios/scenarios.js';
import { AttemptCounter } from './attempt-counter.js';
import { MockClock } from './clock.js';
import { Mailbox } from './mailbox.js';
import { SessionStore, type TokenSubject } from './session-store.js';
import { DEFAULT_SETTINGS, type MockSettings } from './settings.js';
import { randomToken } from './tokens.js';

export interface ResetOptions {
  /** Scenario names, or a comma-separated string of them; `signed-out` when omitted. */
  scenario?: ScenarioName | readonly ScenarioName[] | string;
  /** Overrides for the first account (Ada, or the generated user of `faker-data`), applied after re-seeding. */
  account?: AccountOverrides;
  /** The faker seed; the fixed default unless given. */
  seed?: number;
  settings?: Partial<MockSettings>;
}

/**
 * Everything the mock server remembers: the accounts it serves, the mails it sent, the sessions it issued,
 * its clock and the active scenarios. One shared instance (`mockState`) backs the default handlers; tests
 * that want isolation create their own and pass it to `createHandlers({ state })`.
 */
export class MockState {
  readonly mailbox = new Mailbox();
  readonly clock = new MockClock();
  readonly sessions = new SessionStore(this.clock, () => this.settings);
  /** Code attempts per (tenant, email), limited as the server limits them. */
  readonly codeAttempts = new AttemptCounter(this.clock, () => this.settings);
  settings: MockSettings = { ...DEFAULT_SETTINGS };
  accounts: MockAccount[] = [];
  /** The active scenarios. */
  scenarios: ScenarioName[] = ['signed-out'];
  /** The session a session scenario issued for the demo account (`signed-in` and the expired ones). */
  session: AuthTokens | null = null;
  /** What page cursors are sealed with (documents/page-cursor.ts): new with every state. */
  readonly cursorSecret = randomToken();
  /** Uploaded pictures, the pictures of the accounts' avatars, and the signing of their URLs. */
  readonly pictures = new MockPictures(randomToken());
  /** The records of the `many-documents` scenario, by client id, made when the scenario is first chosen. */
  readonly #manyDocuments = new Map<string, MockDocuments>();
  /** Which accounts are loaded (the demo's, or a generated one), and the overrides they were made with. */
  #dataset: 'demo' | 'faker' | undefined;
  #overrides: AccountOverrides | undefined;

  constructor(options: ResetOptions = {}) {
    this.reset(options);
  }

  /** The demo account: the first account, the one session scenarios sign in. */
  get account(): MockAccount {
    const account = this.accounts[0];
    if (!account) throw new Error('The mock has no account; reset it or add one');
    return account;
  }

  /** Back to a fresh start: re-seeded data, no mail, no session, real time, then the given scenario. */
  reset(options: ResetOptions = {}): void {
    seedFactories(options.seed);
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.clock.offsetMs = 0;
    this.mailbox.clear();
    this.sessions.clear();
    this.codeAttempts.clear();
    this.pictures.clear();
    this.#manyDocuments.clear();
    this.#dataset = undefined;
    this.#overrides = options.account;
    this.useScenario(options.scenario ?? 'signed-out');
  }

  /** Adds a portal user the mock serves and can sign in (inactive with `{ active: false }`). */
  addAccount(overrides: AccountOverrides = {}): MockAccount {
    const account = createAccount(overrides);
    this.accounts.push(account);
    return account;
  }

  /** The account of this email (trimmed, case-insensitive) in the tenant with this code. */
  findAccount(email: string, tenantCode: string): MockAccount | undefined {
    const wanted = email.trim().toLowerCase();
    return this.accounts.find((a) => a.tenantCode === tenantCode && a.me.email.toLowerCase() === wanted);
  }

  accountById(userId: string): MockAccount | undefined {
    return this.accounts.find((a) => a.me.id === userId);
  }

  /**
   * The records of `account`'s client as the active scenarios have them: none with `empty-dashboard`, a
   * few hundred with `many-documents`, else the account's own. The lists and the figures both read these.
   */
  documentsOf(account: MockAccount): MockDocuments {
    if (this.has('empty-dashboard')) return { invoices: [], orders: [], estimates: [] };
    if (this.has('many-documents')) return this.#manyDocuments.get(account.client.id) ?? account.documents;
    return account.documents;
  }

  /** Whether a scenario is active. */
  has(scenario: ScenarioName): boolean {
    return this.scenarios.includes(scenario);
  }

  /**
   * Switches scenarios (`useScenario('signed-in', 'slow-network')` or `useScenario('signed-in,slow-network')`)
   * and sets the session up as the session scenario says.
   */
  useScenario(...input: (ScenarioName | readonly ScenarioName[] | string)[]): void {
    const names = parseScenarios(input.flat().join(','));
    this.scenarios = names;
    // The demo's accounts unless `faker-data` asks for a generated one: made again when that choice changes.
    const dataset = names.includes('faker-data') ? 'faker' : 'demo';
    if (dataset !== this.#dataset) {
      this.#dataset = dataset;
      this.#manyDocuments.clear();
      this.accounts =
        dataset === 'faker'
          ? [createAccount(this.#overrides)]
          : demoAccounts(this.clock.now(), this.#overrides);
    }
    if (names.includes('many-documents')) {
      for (const account of this.accounts) {
        if (this.#manyDocuments.has(account.client.id)) continue;
        const figures = { ...MANY_DOCUMENTS, currency: account.dashboard.currency };
        this.#manyDocuments.set(account.client.id, createDocuments(figures, this.clock.now(), MANY_SETTLED));
      }
    }
    // Backdated past its lifetime, so accessExpiresUnix tells the client, too, that it has expired.
    const expired = this.settings.accessTokenTtlSeconds + 60;
    const subject = subjectOf(this.account);
    this.session = null;
    switch (names.find(isSessionScenario) ?? 'signed-out') {
      case 'signed-in':
        this.session = this.sessions.issue(subject);
        break;
      case 'expired-access':
        this.sessions.expireAccessTokensIssuedSoFar();
        this.session = this.sessions.issue(subject, undefined, expired);
        break;
      case 'refresh-revoked':
        this.sessions.expireAccessTokensIssuedSoFar();
        this.session = this.sessions.issue(subject, undefined, expired);
        this.sessions.revokeAll();
        break;
    }
  }
}

// `many-documents`: several pages of every list, filtered or not, at the default page size of 20.
const MANY_DOCUMENTS = {
  openOrders: 45,
  pendingEstimates: 25,
  unpaidInvoices: 57,
  totalOutstanding: 98_765.43,
};
const MANY_SETTLED = { settledInvoices: 230, closedOrders: 80, decidedEstimates: 40 };

/** Who a token speaks for. */
export function subjectOf(account: MockAccount): TokenSubject {
  return {
    userId: account.me.id,
    clientId: account.client.id,
    tenantCode: account.tenantCode,
    email: account.me.email,
  };
}
