import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Headless in a container, and quiet: no first-run screens, no calls home while the tests run.
const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS }).catch((error: Error) => {
    throw new Error(
      `Chromium did not start from ${EXECUTABLE} (apt-get install -y chromium): ${error.message}`,
    );
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions of the page, which every test expects to stay empty. */
  pageErrors: Error[];
  /** What the page's Content-Security-Policy refused (`directive blocked-uri`): empty for the app itself. */
  cspViolations: string[];
  /** Writes a screenshot of the page to test-results/screenshots/<name>.png. */
  screenshot(name: string): Promise<void>;
}

/** A fresh browser context (empty storage) in US English, so amounts read as `€1,250.50`. */
export async function openPage(browser: Browser): Promise<TestPage> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  const cspViolations: string[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, violation: string) => {
    cspViolations.push(violation);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation(v: string): void }).__reportCspViolation;
      report(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  return {
    context,
    page,
    pageErrors,
    cspViolations,
    async screenshot(name) {
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    },
  };
}
