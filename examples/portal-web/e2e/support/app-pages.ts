import type { Page } from 'playwright-core';

/** The dashboard's figures, label to text as shown: `{ Outstanding: '€1,250.50', ... }`. */
export async function figures(page: Page): Promise<Record<string, string>> {
  await page.locator('.figure').first().waitFor();
  return page.$$eval('.figure', (nodes) =>
    Object.fromEntries(
      nodes.map((n) => [n.querySelector('dt')?.textContent, n.querySelector('dd')?.textContent]),
    ),
  );
}

/** The links of the main navigation, in order. */
export async function navigation(page: Page): Promise<string[]> {
  await page.getByRole('link', { name: 'Profile' }).waitFor();
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
}

/** Every API call the page makes from now on, as "METHOD path status". */
export function recordApiCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('requestfinished', async (request) => {
    const { pathname } = new URL(request.url());
    if (!pathname.startsWith('/api/')) return;
    calls.push(`${request.method()} ${pathname} ${(await request.response())?.status()}`);
  });
  return calls;
}

/** The first column (the numbers) of the rows of the list titled `title`, once it has loaded (or is empty). */
export async function listedNumbers(page: Page, title: string): Promise<string[]> {
  const list = page.getByRole('region', { name: title });
  await list.locator('tbody tr').or(list.getByText('None.')).first().waitFor();
  return list.locator('tbody tr td:first-child').allTextContents();
}
