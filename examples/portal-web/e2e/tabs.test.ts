import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openPage, type TestPage } from './support/browser';
import { realStackForThisFile } from './support/real-stack';
import { signInByCode } from './support/sign-in-by-code';

// Two tabs of one browser (two pages of one context, sharing the refresh cookie, a BroadcastChannel and Web
// Locks) on the real server: what one tab does to the session reaches the other through the SDK's auth events.
const stack = realStackForThisFile();
let tab: TestPage;
let first: Page;
let second: Page;

afterEach(async () => {
  expect(tab.pageErrors).toEqual([]);
  await tab.context.close();
});

async function twoTabs(): Promise<void> {
  tab = await openPage(stack.browser);
  first = tab.page;
  second = await tab.context.newPage();
  second.setDefaultTimeout(10_000);
}

const signIn = (page: Page, email: string, firstName: string) =>
  signInByCode(page, { appUrl: stack.app.url, inbox: stack.inbox, email, firstName });

describe('two tabs of the portal web app', () => {
  it('a sign-in in one tab signs the other in; a sign-out signs it out, saying where it happened', async () => {
    await twoTabs();
    await second.goto(stack.app.url);
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
    await second.goto(stack.app.url);
    await second.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    const cookieOf = async () =>
      (await tab.context.cookies(`${stack.app.url}/api/v1/portal/auth/refresh`)).find((cookie) =>
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
