import type { Page } from 'playwright-core';
import { type SmtpInbox, signInCode } from './smtp-inbox';

/** Signs `page` in as a demo user with the code of the sign-in mail, as someone reading it elsewhere would. */
export async function signInByCode(
  page: Page,
  options: { appUrl: string; inbox: SmtpInbox; email: string; firstName: string },
): Promise<void> {
  await page.goto(`${options.appUrl}/sign-in`);
  await page.getByLabel('Email').fill(options.email);
  await page.getByLabel('Tenant code').fill('demo');
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your mail' }).waitFor();
  await page.getByLabel('Code from the mail').fill(signInCode(await options.inbox.nextMailTo(options.email)));
  await page.getByRole('button', { name: 'Sign in with the code' }).click();
  await page.getByRole('heading', { name: `Welcome, ${options.firstName}` }).waitFor();
}
