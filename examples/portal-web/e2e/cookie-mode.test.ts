import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openPage, type TestPage } from './support/browser';
import { realStackForThisFile } from './support/real-stack';
import { signInByCode } from './support/sign-in-by-code';

// The built app in cookie mode on the real server, behind the app's own origin (vite preview proxies /api):
// the refresh token lives in an HttpOnly cookie the page's script cannot read, the access token in memory.
const stack = realStackForThisFile();
let tab: TestPage;
let page: Page;

afterEach(async () => {
  expect(tab.pageErrors).toEqual([]);
  expect(tab.cspViolations).toEqual([]);
  await tab.context.close();
});

/** The refresh cookie the browser holds (plain-http loopback: `portal-refresh`, without Secure). */
async function refreshCookie(context: BrowserContext) {
  return (await context.cookies(`${stack.app.url}/api/v1/portal/auth/refresh`)).find((cookie) =>
    cookie.name.endsWith('portal-refresh'),
  );
}

/** Every token the API handed the page in a body: the access tokens (the refresh tokens are ""). */
function tokensInBodies(target: Page): string[] {
  const tokens: string[] = [];
  target.on('response', async (response) => {
    if (!/\/api\/v1\/portal\/auth\/(validate|verify-code|refresh)/.test(response.url())) return;
    const body = (await response.json().catch(() => null)) as { accessToken?: string; refreshToken?: string };
    if (body?.accessToken) tokens.push(body.accessToken);
    if (body?.refreshToken) tokens.push(body.refreshToken);
  });
  return tokens;
}

/** Everything the page keeps in localStorage and sessionStorage, keys and values. */
const webStorage = (target: Page) =>
  target.evaluate(() =>
    [localStorage, sessionStorage].flatMap((storage) =>
      Object.keys(storage).flatMap((key) => [key, storage.getItem(key) ?? '']),
    ),
  );

const signIn = (target: Page, email: string, firstName: string) =>
  signInByCode(target, { appUrl: stack.app.url, inbox: stack.inbox, email, firstName });

describe('cookie mode against the real server', () => {
  it('signs in, keeps no token in web storage, stays signed in across a reload, and signs out clearing the cookie', async () => {
    ({ page } = tab = await openPage(stack.browser));
    const handed = tokensInBodies(page);
    await signIn(page, 'ada@example.com', 'Ada');

    const cookie = await refreshCookie(tab.context);
    expect(cookie).toMatchObject({
      name: 'portal-refresh',
      path: '/api/v1/portal/auth',
      httpOnly: true,
      sameSite: 'Strict',
    });
    // Max-Age: the sign-in's 30 days, give or take the test's own time.
    expect((cookie?.expires ?? 0) - Date.now() / 1000).toBeGreaterThan(30 * 24 * 3600 - 600);
    expect(handed.length).toBeGreaterThan(0);
    const stored = (await webStorage(page)).join('\n');
    for (const token of [...handed, cookie?.value ?? '']) expect(stored).not.toContain(token);

    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    // The reload refreshed through the cookie: a new one, and still none in web storage.
    const rotated = await refreshCookie(tab.context);
    expect(rotated?.value).not.toBe(cookie?.value);
    const storedAfter = (await webStorage(page)).join('\n');
    for (const token of [...handed, rotated?.value ?? '']) expect(storedAfter).not.toContain(token);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await refreshCookie(tab.context)).toBeUndefined();
    await page.goto(`${stack.app.url}/`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
  });

  it('the page’s script cannot read the refresh cookie, not even on the cookie’s own path', async () => {
    ({ page } = tab = await openPage(stack.browser));
    await signIn(page, 'grace@example.com', 'Grace');
    const cookie = await refreshCookie(tab.context);
    expect(cookie?.value).toEqual(expect.any(String));

    expect(await page.evaluate(() => document.cookie)).not.toContain('portal-refresh');
    // A document on /api/v1/portal/auth, where the browser does send the cookie: still hidden from script.
    await page.goto(`${stack.app.url}/api/v1/portal/auth/refresh`);
    const onItsPath = await page.evaluate(() => document.cookie);
    expect(onItsPath).not.toContain('portal-refresh');
    expect(onItsPath).not.toContain(cookie?.value);
  });

  it('a page of another origin cannot refresh with the cookie: the server refuses it and the sign-in goes on', async () => {
    ({ page } = tab = await openPage(stack.browser));
    await signIn(page, 'ada@example.com', 'Ada');
    const cookie = await refreshCookie(tab.context);

    // What a cross-site form would send, with the browser's cookie but a foreign Origin and no header.
    const forged = await tab.context.request.post(`${stack.app.url}/api/v1/portal/auth/refresh`, {
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/json',
        cookie: `${cookie?.name}=${cookie?.value}`,
      },
      data: {},
    });
    expect(forged.status()).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'csrf_refused' });

    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
  });

  it('a second tab follows: signed in on opening, signed out with the first, and signed in again with it', async () => {
    ({ page } = tab = await openPage(stack.browser));
    await signIn(page, 'grace@example.com', 'Grace');
    const second = await tab.context.newPage();
    second.setDefaultTimeout(10_000);
    await second.goto(`${stack.app.url}/`);
    await second.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await second.getByText('You signed out in another tab.').waitFor();
    await second.reload();
    await second.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();

    await signIn(page, 'grace@example.com', 'Grace');
    await second.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    expect((await webStorage(second)).join('\n')).not.toContain((await refreshCookie(tab.context))?.value);
  });
});
