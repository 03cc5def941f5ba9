import type { TestServer } from '@portal/server/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, type TestPage } from './support/browser';
import { freePort, startDemoServer } from './support/demo-server';
import { type ServedApp, serveApp } from './support/serve-app';
import { signInByCode } from './support/sign-in-by-code';
import { type SmtpInbox, startSmtpInbox } from './support/smtp-inbox';

// Two tabs of one browser (two pages of one context, sharing the refresh cookie, a BroadcastChannel and Web
// Locks) on the real server: what one tab does to the session reaches the other through the SDK's auth events.
let inbox: SmtpInbox;
let app: ServedApp;
let server: TestServer;
let browser: Browser;
let tab: TestPage;
let first: Page;
let second: Page;

beforeAll(async () => {
  const apiPort = await freePort();
  [inbox, browser] = await Promise.all([startSmtpInbox(), launchBrowser()]);
  app = await serveApp({ mode: 'production', apiUrl: `http://127.0.0.1:${apiPort}` });
  server = await startDemoServer({ port: apiPort, smtpUrl: inbox.url, portalUrl: app.url });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.close(), server?.close(), inbox?.close()]);
});

afterEach(async () => {
  expect(tab.pageErrors).toEqual([]);
  await tab.context.close();
});

async function twoTabs(): Promise<void> {
  tab = await openPage(browser);
  first = tab.page;
  second = await tab.context.newPage();
  second.setDefaultTimeout(10_000);
}

const signIn = (page: Page, email: string, firstName: string) =>
  signInByCode(page, { appUrl: app.url, inbox, email, firstName });

describe('two tabs of the portal web app', () => {
  it('a sign-in in one tab signs the other in; a sign-out signs it out, saying where it happened', async () => {
    await twoTabs();
    await second.goto(app.url);
    await second.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();

    await signIn(first, 'ada@example.com', 'Ada');
    // No reload: the second tab heard of the sign-in.
    await second.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();

    await first.getByRole('button', { name: 'Sign out' }).click();
    await first.getByText('You are signed out.').waitFor();
    await second.getByText('You signed out in another tab.').waitFor();
    expect(new URL(second.url()).pathname).toBe('/sign-in');
  });

  it('refresh one at a time: two tabs loading at once each refresh through the cookie in turn, and both stay signed in', async () => {
    await twoTabs();
    await signIn(first, 'grace@example.com', 'Grace');
    await second.goto(app.url);
    await second.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    const cookieOf = async () =>
      (await tab.context.cookies(`${app.url}/api/v1/portal/auth/refresh`)).find((cookie) =>
        cookie.name.endsWith('portal-refresh'),
      )?.value;
    const before = await cookieOf();
    const refreshes: number[] = [];
    tab.context.on('requestfinished', async (request) => {
      if (request.url().endsWith('/api/v1/portal/auth/refresh'))
        refreshes.push((await request.response())?.status() ?? 0);
    });

    // Each load learns the sign-in by refreshing through the one cookie both tabs share: under the Web
    // Lock, neither presents a cookie the other has already rotated.
    await Promise.all([first.reload(), second.reload()]);
    await Promise.all(
      [first, second].map((page) => page.getByRole('heading', { name: 'Welcome, Grace' }).waitFor()),
    );
    await expect.poll(() => refreshes.length).toBeGreaterThan(0);
    expect(refreshes.every((status) => status === 200)).toBe(true);
    expect(await cookieOf()).not.toBe(before);

    // The access tokens both tabs hold work.
    for (const page of [first, second]) {
      await page.getByRole('link', { name: 'Company' }).click();
      await page.getByRole('heading', { name: 'Your company' }).waitFor();
    }
    expect(refreshes.every((status) => status === 200)).toBe(true);
  });
});
