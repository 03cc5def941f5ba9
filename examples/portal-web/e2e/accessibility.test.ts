import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/accessibility';
import { openPage, type TestPage } from './support/browser';
import { realStackForThisFile } from './support/real-stack';
import { signInCode, signInLink } from './support/smtp-inbox';

// Every page of the built app on the real server, checked with axe-core, and the way through it with the
// keyboard alone: sign-in, the code field, the lists and "Load more". The steps run in order.
const ADA = { email: 'ada@example.com', tenantCode: 'demo' };

const stack = realStackForThisFile();
let tab: TestPage;
let page: Page;

beforeAll(async () => {
  tab = await openPage(stack.browser);
  page = tab.page;
});

afterAll(async () => {
  expect(tab?.pageErrors).toEqual([]);
});

/** What the focused element is called: its label, its text or its aria-label. */
const focusedName = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el || el === document.body) return '';
    return (el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });

/** Presses Tab until the element called `name` has the focus, as a keyboard user would. */
async function tabTo(name: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedName()) === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

/** The page, once loaded, has no serious or critical axe-core violation. */
async function expectAccessible(heading: string): Promise<void> {
  await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
  await page.waitForLoadState('networkidle');
  expect(await seriousViolations(page), heading).toEqual([]);
}

describe('the portal web app with the keyboard and axe-core', () => {
  it('signs in with the keyboard alone: email, tenant code, then the code of the mail', async () => {
    await page.goto(`${stack.app.url}/sign-in`);
    await expectAccessible('Sign in');
    // The check sees what it should: a field without a label is a critical violation.
    await page.evaluate(() => document.querySelector('main')?.append(document.createElement('input')));
    expect((await seriousViolations(page)).join()).toContain('label (critical)');
    await page.evaluate(() => document.querySelector('main > input:last-child')?.remove());
    await tabTo('Email');
    await page.keyboard.type(ADA.email);
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('Tenant code');
    await page.keyboard.type(ADA.tenantCode);
    await page.keyboard.press('Enter');
    await expectAccessible('Check your mail');

    const code = signInCode(await stack.inbox.nextMailTo(ADA.email));
    await tabTo('Code from the mail');
    await page.keyboard.type('0000-0000');
    await page.keyboard.press('Enter');
    // The wrong code is said where the keyboard is, and the page stays accessible with the error shown.
    await page.getByRole('alert').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await focusedName()).toBe('Code from the mail');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expectAccessible('Welcome, Ada');
  });

  it('every signed-in page passes axe-core', async () => {
    const pages: [string, string][] = [
      ['/profile', 'Your profile'],
      ['/client', 'Your company'],
      ['/devices', 'Your devices'],
      ['/finance', 'Finance'],
      ['/configurator', 'Configurator'],
      ['/invoices', 'Invoices'],
      ['/orders', 'Orders'],
      ['/estimates', 'Estimates'],
      ['/support', 'Support'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(`${stack.app.url}${path}`);
      await expectAccessible(heading);
    }
    await page.goto(`${stack.app.url}/invoices`);
    await page.getByRole('region', { name: 'Invoices' }).getByRole('link').first().click();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page), 'an invoice').toEqual([]);
    await page.goto(`${stack.app.url}/no-such-page`);
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page), 'not found').toEqual([]);
  });

  it('reaches a list and "Load more" with the keyboard; the focus moves to the first record loaded', async () => {
    await page.goto(stack.app.url);
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    await tabTo('Finance');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Finance', exact: true }).waitFor();
    await page.goto(`${stack.app.url}/invoices`);
    const rows = page.getByRole('region', { name: 'Invoices' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(20);
    await tabTo('Load more');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(28);
    const twentyFirst = (await rows.nth(20).locator('a').textContent()) ?? '';
    await expect.poll(focusedName).toBe(twentyFirst);
    // Enter on a record's link opens it.
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/invoices\/./);
  });

  it('the signed-out pages and the magic-link page pass axe-core', async () => {
    await page.goto(stack.app.url);
    await tabTo('Sign out');
    await page.keyboard.press('Enter');
    await expectAccessible('Sign in');

    await page.getByLabel('Email').fill(ADA.email);
    await page.getByLabel('Tenant code').fill(ADA.tenantCode);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Check your mail' }).waitFor();
    await page.goto(signInLink(await stack.inbox.nextMailTo(ADA.email)));
    await expectAccessible('Sign in to the portal');
    await tabTo('Sign in');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();

    await page.goto(`${stack.app.url}/auth/magic`);
    await expectAccessible('This link is incomplete');
  });
});
