import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  figures,
  listedNumbers,
  navigation,
  PICTURE_FILE,
  recordApiCalls,
  shownPicture,
} from './support/app-pages';
import { openPage, type TestPage } from './support/browser';
import { realStackForThisFile } from './support/real-stack';
import { signInCode, signInLink } from './support/smtp-inbox';

// The built app, served with a proxy to the real server on the demo data; mail goes through a real SMTP
// server. The steps run in order, as a person would take them.
const ADA = { email: 'ada@example.com', tenantCode: 'demo' };

const stack = realStackForThisFile();
let tab: TestPage;
let page: Page;
let link: string;
let newLink: string;

beforeAll(async () => {
  tab = await openPage(stack.browser);
  page = tab.page;
});

describe('signing in to the portal web app against the real server', () => {
  it('asks for a link with email and tenant code, then says to check the mail', async () => {
    await page.goto(stack.app.url);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    await tab.screenshot('real-sign-in');
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByLabel('Tenant code').fill(ADA.tenantCode);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your mail' }).waitFor();
    expect(await page.textContent('main')).toContain(ADA.email);
    await tab.screenshot('real-check-your-mail');
  });

  it('mails a link to the portal page; opening it spends nothing until "Sign in" is clicked', async () => {
    const mail = await stack.inbox.nextMailTo(ADA.email);
    link = signInLink(mail);
    expect(link.startsWith(`${stack.app.url}/auth/magic#token=`)).toBe(true);

    const calls = recordApiCalls(page);
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // A mail scanner opening the link twice: still nothing redeemed.
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // Cookie mode: the page's one call is its refresh through the cookie on load, to learn whether someone
    // is signed in (no cookie yet: 401).
    await expect.poll(() => calls).toEqual(['POST /api/v1/portal/auth/refresh 401']);
    // Read, the token has left the address bar (and so the history), before anything else happens.
    await expect.poll(() => page.url()).toBe(`${stack.app.url}/auth/magic`);
    await tab.screenshot('real-magic-link');
  });

  it('signs in on the click and shows the demo figures in euros', async () => {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    // The README's demo figures, formatted for en-US.
    expect(await figures(page)).toEqual({
      'Open orders': '3',
      'Pending estimates': '1',
      'Unpaid invoices': '2',
      Outstanding: '€1,250.50',
    });
    expect(new URL(page.url()).hash).toBe('');
    expect(await navigation(page)).toEqual([
      'Dashboard',
      'Finance',
      'Support',
      'Configurator',
      'Profile',
      'Company',
      'Devices',
    ]);
    await tab.screenshot('real-dashboard');
  });

  it('links each figure to the list it counts; Finance lists the invoices, unpaid first, with "Load more"', async () => {
    await page.getByTestId('Unpaid invoices').getByRole('link').click();
    await page.getByRole('heading', { name: 'Unpaid invoices', level: 1 }).waitFor();
    expect(await listedNumbers(page, 'Unpaid invoices')).toEqual(['I-1002', 'I-1001']);
    await page.goto(`${stack.app.url}/`);
    await page.getByTestId('Open orders').getByRole('link').click();
    expect(await listedNumbers(page, 'Open orders')).toHaveLength(3);

    await page.getByRole('link', { name: 'Finance' }).click();
    expect(await listedNumbers(page, 'Unpaid invoices')).toEqual(['I-1002', 'I-1001']);
    expect(await listedNumbers(page, 'All invoices')).toHaveLength(20);
    await page
      .getByRole('region', { name: 'All invoices' })
      .getByRole('button', { name: 'Load more' })
      .click();
    await expect.poll(async () => (await listedNumbers(page, 'All invoices')).length).toBe(28);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await tab.screenshot('real-finance');

    await page.getByRole('link', { name: 'I-1002' }).first().click();
    await page.getByRole('heading', { name: 'Invoice I-1002' }).waitFor();
    expect(await page.textContent('dl')).toContain('€250.50');
    await tab.screenshot('real-invoice');

    await page.getByRole('link', { name: 'Configurator' }).click();
    expect(await listedNumbers(page, 'Pending estimates')).toEqual(['E-1001']);
  });

  it('shows the profile and the client', async () => {
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await expect.poll(() => page.textContent('dl')).toContain('Ada Lovelace');
    expect(await page.textContent('dl')).toContain('ada@example.com');
    await tab.screenshot('real-profile');

    await page.getByRole('link', { name: 'Company' }).click();
    await page.getByRole('heading', { name: 'Your company' }).waitFor();
    await expect.poll(() => page.textContent('dl')).toContain('Lovelace Engineering Ltd');
    const details = await page.textContent('dl');
    expect(details).toContain('office@lovelace.example');
    expect(details).toContain('NW1 6XE London');
    expect(details).toContain('United Kingdom');
    await tab.screenshot('real-client');
  });

  it("shows Ada's picture and her company's logo from the server, and she uploads and removes her own", async () => {
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await expect.poll(() => shownPicture(page, 'Ada Lovelace')).toMatch(/\/api\/v1\/portal\/blobs\/[\w-]+\?/);
    await expect.poll(() => shownPicture(page, 'Lovelace Engineering Ltd')).not.toBeNull();
    const demoPicture = await shownPicture(page, 'Ada Lovelace');
    await tab.screenshot('real-profile-picture');

    await page.getByLabel('Change picture').setInputFiles({
      name: 'grace.png',
      mimeType: 'image/png',
      buffer: readFileSync(PICTURE_FILE),
    });
    // Her new picture, loaded: another blob, so another URL.
    await expect
      .poll(async () => {
        const shown = await shownPicture(page, 'Ada Lovelace');
        return shown !== null && shown !== demoPicture;
      })
      .toBe(true);
    await tab.screenshot('real-profile-picture-changed');

    // Not an image: the API's reason is shown, and the picture stays.
    await page.getByLabel('Change picture').setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    await page
      .getByRole('alert')
      .filter({ hasText: 'The body must be a PNG, JPEG or WebP image.' })
      .waitFor();

    await page.getByRole('button', { name: 'Remove picture' }).click();
    await page.getByLabel('Upload a picture').waitFor();
    await page.locator('.profile-picture [role="img"][aria-label="Ada Lovelace"]').waitFor();
    expect(await shownPicture(page, 'Ada Lovelace')).toBeNull();
    expect(tab.pageErrors).toEqual([]);
    expect(tab.cspViolations).toEqual([]);
  });

  it('stays signed in across a reload', async () => {
    await page.goto(`${stack.app.url}/`);
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(await figures(page)).toMatchObject({ Outstanding: '€1,250.50' });
  });

  it('when the access token is due, refreshes the session silently', async () => {
    const before = await refreshCookie();
    // The page's clock 16 minutes ahead: the 15-minute access token is due, the 30-day refresh token is not.
    await page.clock.install({ time: Date.now() + 16 * 60_000 });
    const calls = recordApiCalls(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(await figures(page)).toMatchObject({ 'Open orders': '3' });
    await expect.poll(() => calls).toContain('POST /api/v1/portal/auth/refresh 200');
    expect((await refreshCookie())?.value).not.toBe(before?.value);
  });

  it('signs out, and the used link then offers to mail a new one', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await refreshCookie()).toBeUndefined();

    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'This link has expired or was already used' }).waitFor();
    await tab.screenshot('real-link-used');
    // The form remembers the email and tenant code typed on this device.
    expect(await page.getByLabel('Email').inputValue()).toBe(ADA.email);
    await page.getByRole('button', { name: 'Email me a new link' }).click();
    await page.getByText('A new link is on its way').waitFor();
    newLink = signInLink(await stack.inbox.nextMailTo(ADA.email));
    expect(newLink).not.toBe(link);
    expect(tab.pageErrors).toEqual([]);
    expect(tab.cspViolations).toEqual([]);
  });

  it('keeps the token out of the address bar when a sign-in fails, and in memory for a retry', async () => {
    await page.goto(newLink);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect.poll(() => page.url()).toBe(`${stack.app.url}/auth/magic`);
    // The first attempt loses its connection.
    await page.route('**/api/v1/portal/auth/validate*', (route) => route.abort('connectionreset'), {
      times: 1,
    });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(page.url()).toBe(`${stack.app.url}/auth/magic`);
    await tab.screenshot('real-magic-link-retry');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(tab.pageErrors).toEqual([]);
    expect(tab.cspViolations).toEqual([]);
  });

  it('runs under a strict Content-Security-Policy: no inline script, no eval, no other origin', async () => {
    const policy = (await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content')) ?? '';
    const directives = Object.fromEntries(
      policy.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
    });
    // What an injected script would do to steal the stored session: refused.
    const ran = await page.evaluate(() => {
      const injected = document.createElement('script');
      injected.textContent = 'window.__injected = true';
      document.head.append(injected);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => tab.cspViolations).toEqual(['script-src-elem inline']);
    tab.cspViolations.length = 0;
  });
});

describe('signing in with the code of the mail, read on another device', () => {
  it('asks for a link here, takes the code typed from the mail, and explains a wrong one', async () => {
    const laptop = await openPage(stack.browser);
    const GRACE = { email: 'grace@example.com', tenantCode: 'demo' };
    await laptop.page.goto(`${stack.app.url}/sign-in`);
    await laptop.page.getByLabel('Email').fill(GRACE.email);
    await laptop.page.getByLabel('Tenant code').fill(GRACE.tenantCode);
    await laptop.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await laptop.page.getByRole('heading', { name: 'Check your mail' }).waitFor();
    const codeField = laptop.page.getByLabel('Code from the mail');
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');

    // The phone reads the mail; the person types its code on the laptop.
    const code = signInCode(await stack.inbox.nextMailTo(GRACE.email));
    await codeField.fill(code.startsWith('2') ? '3333-3333' : '2222-2222');
    await laptop.page.getByRole('button', { name: 'Sign in with the code' }).click();
    await laptop.page.getByRole('alert').getByText('4 tries left').waitFor();
    await laptop.screenshot('real-code-wrong');

    // Pasted as people paste: lower case, a space instead of the hyphen, a line break after it.
    await codeField.fill(`${code.toLowerCase().replace('-', ' ')}\n`);
    await laptop.page.getByRole('button', { name: 'Sign in with the code' }).click();
    await laptop.page.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    expect(laptop.pageErrors).toEqual([]);
    expect(laptop.cspViolations).toEqual([]);
    await laptop.context.close();
  });
});

describe('your devices, signed in from two browsers', () => {
  /** A new browser context (another device) signed in as `email` with the code of the mail. */
  async function signedInDevice(email: string, firstName: string): Promise<TestPage> {
    const device = await openPage(stack.browser);
    await device.page.goto(`${stack.app.url}/sign-in`);
    await device.page.getByLabel('Email').fill(email);
    await device.page.getByLabel('Tenant code').fill('demo');
    await device.page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await device.page.getByRole('heading', { name: 'Check your mail' }).waitFor();
    await device.page.getByLabel('Code from the mail').fill(signInCode(await stack.inbox.nextMailTo(email)));
    await device.page.getByRole('button', { name: 'Sign in with the code' }).click();
    await device.page.getByRole('heading', { name: `Welcome, ${firstName}` }).waitFor();
    return device;
  }

  it('lists both, this one marked; ending the other signs it out at its next request', async () => {
    const laptop = await signedInDevice('charles@example.com', 'Charles');
    const phone = await signedInDevice('charles@example.com', 'Charles');

    await laptop.page.getByRole('link', { name: 'Devices' }).click();
    await laptop.page.getByRole('heading', { name: 'Your devices' }).waitFor();
    const rows = laptop.page.getByRole('region', { name: 'Sign-ins' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'This device' }).count()).toBe(1);
    // The server reads the browser's user agent: headless Chromium on Linux here.
    expect(await rows.first().textContent()).toContain('on Linux');
    await laptop.screenshot('real-devices');

    await rows.filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => rows.count()).toBe(1);

    // The phone's next request (its devices list, always read afresh; the top bar has read the company
    // already, for its logo) is refused, and so is its refresh: it lands on the sign-in page.
    await phone.page.getByRole('link', { name: 'Devices' }).click();
    await phone.page.getByText('Your session has ended.').waitFor();
    // Its cookie is of an ended sign-in: a reload does not sign it back in.
    await phone.page.reload();
    await phone.page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    // The laptop is still signed in.
    await laptop.page.getByRole('link', { name: 'Profile' }).click();
    await laptop.page.getByRole('heading', { name: 'Your profile' }).waitFor();
    for (const device of [laptop, phone]) {
      expect(device.pageErrors).toEqual([]);
      expect(device.cspViolations).toEqual([]);
      await device.context.close();
    }
  });

  it('"Sign out of all other devices" ends every other sign-in and keeps this one', async () => {
    const laptop = await signedInDevice('grace@example.com', 'Grace');
    const phone = await signedInDevice('grace@example.com', 'Grace');
    await laptop.page.goto(`${stack.app.url}/devices`);
    const rows = laptop.page.getByRole('region', { name: 'Sign-ins' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    await laptop.page.getByRole('button', { name: 'Sign out of all other devices' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('This device');

    await phone.page.getByRole('link', { name: 'Devices' }).click();
    await phone.page.getByText('Your session has ended.').waitFor();
    await laptop.page.getByRole('link', { name: 'Company' }).click();
    await laptop.page.getByRole('heading', { name: 'Your company' }).waitFor();
    for (const device of [laptop, phone]) await device.context.close();
  });
});

describe('the API reference of the real server', () => {
  it('renders the contract at /docs, calls no other origin, and its client reaches this server', async () => {
    const docs = await openPage(stack.browser);
    const foreign: string[] = [];
    const consoleErrors: string[] = [];
    docs.page.on('request', (r) => {
      if (!r.url().startsWith(stack.server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    docs.page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    await docs.page.goto(`${stack.server.url}/docs`);
    await docs.page.getByText('Get portal dashboard statistics').first().waitFor();
    await docs.screenshot('api-reference');

    await docs.page
      .getByRole('button', { name: /Test Request/ })
      .first()
      .click();
    const answer = docs.page.waitForResponse((r) =>
      r.url().endsWith('/api/v1/portal/auth/request-magic-link'),
    );
    await docs.page.getByRole('button', { name: /^Send/ }).first().click();
    expect((await answer).status()).toBe(204);

    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(docs.pageErrors).toEqual([]);
    await docs.context.close();
  });
});

/** The refresh cookie of cookie mode, as the browser holds it (out of the page's script's reach). */
async function refreshCookie() {
  return (await tab.context.cookies(`${stack.app.url}/api/v1/portal/auth/refresh`)).find((cookie) =>
    cookie.name.endsWith('portal-refresh'),
  );
}
