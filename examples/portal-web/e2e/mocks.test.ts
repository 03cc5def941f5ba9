import { readFileSync } from 'node:fs';
import { type AccountOverrides, MockState } from '@portal/mocks';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  figures,
  listedNumbers,
  navigation,
  PICTURE_FILE,
  recordApiCalls,
  shownPicture,
} from './support/app-pages';
import { launchBrowser, openPage, type TestPage } from './support/browser';
import { type ServedApp, serveApp } from './support/serve-app';

// The mock build of the app (`vite build --mode mock`): @portal/mocks answers in the browser's service
// worker, and the app's mock panel picks scenarios, as a QA engineer would with `pnpm dev:mock`.
let app: ServedApp;
let browser: Browser;
let tab: TestPage;
let page: Page;

beforeAll(async () => {
  [app, browser] = await Promise.all([serveApp({ mode: 'mock' }), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(async () => {
  expect(tab.pageErrors).toEqual([]);
  expect(tab.cspViolations).toEqual([]);
  await tab.context.close();
});

/** The demo account the mocks serve: the same seed in Node as in the browser. */
function mockAccount(overrides: AccountOverrides = {}) {
  return new MockState({ account: overrides }).account;
}

describe('the portal web app on the mocks', () => {
  it('signs in with the mailed link, stays signed in across a reload, signs out, and refuses the used link', async () => {
    ({ page } = tab = await openPage(browser));
    const account = mockAccount();
    const link = await requestLink(account.me.email);
    await tab.screenshot('mock-check-your-mail');
    await signInWith(link);
    await page.getByRole('heading', { name: `Welcome, ${account.me.firstName}` }).waitFor();
    expect(await figures(page)).toEqual({
      'Open orders': String(account.dashboard.openOrders),
      'Pending estimates': String(account.dashboard.pendingEstimates),
      'Unpaid invoices': String(account.dashboard.unpaidInvoices),
      Outstanding: money(account.dashboard.totalOutstanding, 'EUR'),
    });
    await tab.screenshot('mock-dashboard');

    await page.reload();
    await page.getByRole('heading', { name: `Welcome, ${account.me.firstName}` }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('portal.session'))).toBeNull();

    await signInWith(link);
    await page.getByRole('heading', { name: 'This link has expired or was already used' }).waitFor();
  });

  it('signs in with the code of the mail, after a wrong one, and says when a mail has no tries left', async () => {
    ({ page } = tab = await openPage(browser));
    const account = mockAccount();
    await requestLink(account.me.email);
    const code = (await mockPanel().locator('.mock-code').textContent()) ?? '';
    const codeField = page.getByLabel('Code from the mail');
    const wrongCode = code.startsWith('2') ? '3333-3333' : '2222-2222';
    await codeField.fill(wrongCode);
    await page.getByRole('button', { name: 'Sign in with the code' }).click();
    await page.getByRole('alert').getByText('4 tries left').waitFor();
    await tab.screenshot('mock-code-wrong');
    await codeField.fill(` ${code.toLowerCase()} `);
    await page.getByRole('button', { name: 'Sign in with the code' }).click();
    await page.getByRole('heading', { name: `Welcome, ${account.me.firstName}` }).waitFor();

    // Another mail, five wrong codes: the code and the field are done with.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await requestLink(account.me.email);
    for (let i = 0; i < 5; i++) {
      await codeField.fill(wrongCode);
      await page.getByRole('button', { name: 'Sign in with the code' }).click();
      await page
        .getByRole('alert')
        .getByText(i < 4 ? `${4 - i} ${i === 3 ? 'try' : 'tries'} left` : 'Too many wrong codes')
        .waitFor();
    }
    expect(await codeField.isDisabled()).toBe(true);
    await tab.screenshot('mock-code-exhausted');
  });

  it('when the access token has expired, refreshes silently and stays on the dashboard', async () => {
    ({ page } = tab = await openPage(browser));
    const account = mockAccount();
    await signInWith(await requestLink(account.me.email));
    await page.getByRole('heading', { name: `Welcome, ${account.me.firstName}` }).waitFor();

    const calls = recordApiCalls(page);
    await applyInPanel({ session: 'expired-access' });
    await page.getByRole('heading', { name: `Welcome, ${account.me.firstName}` }).waitFor();
    expect(await figures(page)).toMatchObject({ 'Open orders': String(account.dashboard.openOrders) });
    // Refreshed before the expired token reached the API (it knows the expiry), or after one 401 that a
    // request already in flight got: either way a new pair, then the data.
    const refreshedThenRead = () => {
      const refreshed = calls.indexOf('POST /api/v1/portal/auth/refresh 200');
      return refreshed >= 0 && calls.indexOf('GET /api/v1/portal/me 200', refreshed) > refreshed;
    };
    await expect.poll(refreshedThenRead).toBe(true);
  });

  it('when the session is revoked while the page is open, says so on the sign-in page; after a reload, signs in afresh', async () => {
    ({ page } = tab = await openPage(browser));
    const account = mockAccount();
    await signInWith(await requestLink(account.me.email));
    await page.getByRole('heading', { name: `Welcome, ${account.me.firstName}` }).waitFor();

    // Without a reload (the panel reloads): in cookie mode a page that loads cannot tell a revoked sign-in
    // from none, since the cookie is out of its script's reach.
    await page.evaluate(() =>
      (window as unknown as { portalMocks: { useScenario(name: string): void } }).portalMocks.useScenario(
        'refresh-revoked',
      ),
    );
    // The devices list is read fresh on every visit: its request meets the revocation.
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByText('Your session has ended. Request a new link to sign in again.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await tab.screenshot('mock-session-ended');

    await page.goto(`${app.url}/`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('when rate limited, says when to try again, for a link request and for a sign-in', async () => {
    ({ page } = tab = await openPage(browser));
    const account = mockAccount();
    const link = await requestLink(account.me.email);

    await applyInPanel({ extras: ['rate-limited'] });
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('alert').getByText('Too many requests. Try again in 60 seconds.').waitFor();
    await tab.screenshot('mock-rate-limited-request');

    await signInWith(link);
    await page.getByRole('alert').getByText('Too many requests. Try again in 60 seconds.').waitFor();
    // Not the used-link screen: the link is still good, and the button is there to try again.
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await tab.screenshot('mock-rate-limited-sign-in');
  });

  it('lists as many records as the figures count, and loads more invoices on Finance', async () => {
    ({ page } = tab = await openPage(browser));
    const account = mockAccount();
    await signInWith(await requestLink(account.me.email));
    await page.getByRole('heading', { name: `Welcome, ${account.me.firstName}` }).waitFor();
    await page.getByTestId('Unpaid invoices').getByRole('link').click();
    expect(await listedNumbers(page, 'Unpaid invoices')).toHaveLength(account.dashboard.unpaidInvoices);
    await page.goto(`${app.url}/`);
    await page.getByTestId('Pending estimates').getByRole('link').click();
    expect(await listedNumbers(page, 'Pending estimates')).toHaveLength(account.dashboard.pendingEstimates);

    await page.getByRole('link', { name: 'Finance' }).click();
    expect(await listedNumbers(page, 'All invoices')).toHaveLength(20);
    await page
      .getByRole('region', { name: 'All invoices' })
      .getByRole('button', { name: 'Load more' })
      .click();
    await expect
      .poll(async () => (await listedNumbers(page, 'All invoices')).length)
      .toBe(account.documents.invoices.length);
    await tab.screenshot('mock-finance');
  });

  it("shows the company's logo, and uploads, shows and removes the user's own picture", async () => {
    ({ page } = tab = await openPage(browser));
    const account = mockAccount();
    const name = `${account.me.firstName} ${account.me.lastName}`;
    await signInWith(await requestLink(account.me.email));
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await expect.poll(() => shownPicture(page, account.client.name)).not.toBeNull();
    // The mocks' default account is the demo's Ada, who has a picture as on the server: removed first.
    await expect.poll(() => shownPicture(page, name)).not.toBeNull();
    await page.getByRole('button', { name: 'Remove picture' }).click();
    await page.getByLabel('Upload a picture').waitFor();
    expect(await shownPicture(page, name)).toBeNull();

    await page.getByLabel('Upload a picture').setInputFiles({
      name: 'grace.png',
      mimeType: 'image/png',
      buffer: readFileSync(PICTURE_FILE),
    });
    await expect.poll(() => shownPicture(page, name)).toMatch(/\/api\/v1\/portal\/blobs\/[\w-]+\?/);
    await tab.screenshot('mock-profile-picture');

    await page.getByRole('button', { name: 'Remove picture' }).click();
    await page.getByLabel('Upload a picture').waitFor();
    expect(await shownPicture(page, name)).toBeNull();
  });

  it("shows only the sections the tenant enabled, and the amount in the tenant's currency", async () => {
    ({ page } = tab = await openPage(browser));
    await page.goto(app.url);
    await applyInPanel({ sections: { Configurator: false }, currency: 'JPY' });
    const account = mockAccount({ scopes: { configurator: false }, dashboard: { currency: 'JPY' } });
    await signInWith(await requestLink(account.me.email));

    await page.getByRole('heading', { name: `Welcome, ${account.me.firstName}` }).waitFor();
    expect(await figures(page)).toMatchObject({
      Outstanding: money(account.dashboard.totalOutstanding, 'JPY'),
    });
    expect(await navigation(page)).toEqual([
      'Dashboard',
      'Finance',
      'Support',
      'Profile',
      'Company',
      'Devices',
    ]);
    await tab.screenshot('mock-dashboard-jpy');

    await page.goto(`${app.url}/configurator`);
    await page.getByText('This section is not enabled for your company.').waitFor();
  });
});

describe('your devices on the mocks', () => {
  it('lists this device and another, ends the other: its next request is refused', async () => {
    ({ page } = tab = await openPage(browser));
    const account = mockAccount();
    await signInWith(await requestLink(account.me.email));
    await page.getByRole('heading', { name: `Welcome, ${account.me.firstName}` }).waitFor();
    // The mocks' state lives in this browser, so the other device signs in through this page's mocks
    // (its own sign-in and tokens, held here): a second browser would have mocks of its own.
    const other = await page.evaluate(async (email) => {
      await fetch('/api/v1/portal/auth/request-magic-link', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, tenantCode: 'demo' }),
      });
      const mails = (window as unknown as { portalMocks: { mailbox: { messages: { token: string }[] } } })
        .portalMocks.mailbox.messages;
      const token = mails[mails.length - 1]?.token ?? '';
      const res = await fetch(`/api/v1/portal/auth/validate?token=${encodeURIComponent(token)}`, {
        method: 'POST',
      });
      return (await res.json()) as { accessToken: string };
    }, account.me.email);
    const otherCalls = () =>
      page.evaluate(
        async (accessToken) =>
          (await fetch('/api/v1/portal/me', { headers: { authorization: `Bearer ${accessToken}` } })).status,
        other.accessToken,
      );
    expect(await otherCalls()).toBe(200);

    await page.getByRole('link', { name: 'Devices' }).click();
    const rows = page.getByRole('region', { name: 'Sign-ins' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'This device' }).count()).toBe(1);
    await tab.screenshot('mock-devices');
    await rows.filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => rows.count()).toBe(1);

    expect(await otherCalls()).toBe(401);
    await page.getByRole('link', { name: 'Company' }).click();
    await page.getByRole('heading', { name: 'Your company' }).waitFor();
  });
});

/** Asks for a link on the sign-in page; answers the link the mock mailed, read from the mock panel. */
async function requestLink(email: string): Promise<string> {
  await page.goto(app.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Tenant code').fill('demo');
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your mail' }).waitFor();
  await mockPanel().locator('summary').click();
  const href = await mockPanel().getByRole('link', { name: 'open the sign-in link' }).getAttribute('href');
  if (!href?.startsWith(`${app.url}/auth/magic#token=`)) throw new Error(`unexpected link ${href}`);
  return href;
}

async function signInWith(link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

function mockPanel() {
  return page.getByRole('complementary', { name: 'Mocks' });
}

/** Chooses scenarios and tenant settings in the mock panel and applies them (the page reloads). */
async function applyInPanel(choice: {
  session?: string;
  extras?: string[];
  sections?: Record<string, boolean>;
  currency?: string;
}): Promise<void> {
  const panel = mockPanel();
  if ((await panel.locator('details').getAttribute('open')) === null) await panel.locator('summary').click();
  if (choice.session) await panel.getByLabel(choice.session, { exact: true }).check();
  for (const extra of choice.extras ?? []) await panel.getByLabel(extra, { exact: true }).check();
  for (const [label, on] of Object.entries(choice.sections ?? {})) {
    await panel.getByLabel(label, { exact: true }).setChecked(on);
  }
  if (choice.currency) await panel.getByLabel('Currency').selectOption(choice.currency);
  const reloaded = page.waitForEvent('load');
  await panel.getByRole('button', { name: 'Apply and reload' }).click();
  await reloaded;
  // The panel is loaded lazily, after the app: wait for it, so that screenshots show the scenario.
  await panel.waitFor();
}

function money(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
}
