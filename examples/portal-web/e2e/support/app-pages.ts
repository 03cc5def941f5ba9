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

/**
 * Every API call the page makes from now on, as "METHOD path status". A call is recorded once its answer's
 * status has reached the test, which can be after the page has shown what it answered: poll the list.
 */
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

/** The `src` of the picture shown for `name` once the browser has loaded and decoded it; null when none is. */
export async function shownPicture(page: Page, name: string): Promise<string | null> {
  return page.evaluate((alt) => {
    const images = [...document.querySelectorAll<HTMLImageElement>('img.picture')].filter(
      (i) => i.alt === alt,
    );
    const loaded = images.find((i) => i.complete && i.naturalWidth > 0);
    return loaded ? loaded.src : null;
  }, name);
}

/** A picture file to upload: the demo's picture of Grace. */
export const PICTURE_FILE = new URL('../../../../packages/server/demo/grace.png', import.meta.url);
