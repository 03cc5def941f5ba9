import type { TestServer } from '@portal/server/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { freePort, startDemoServer } from './demo-server';
import { type ServedApp, serveApp } from './serve-app';
import { type SmtpInbox, startSmtpInbox } from './smtp-inbox';

/** What a browser test against the real server runs on; set once the file's first `beforeAll` has run. */
export interface RealStack {
  /** The built app, served with a proxy of /api to the server (one origin for the page and the API). */
  app: ServedApp;
  /** The real server on the demo data, sending mail over SMTP to `inbox`. */
  server: TestServer;
  inbox: SmtpInbox;
  browser: Browser;
}

/** Starts the app, the real server, an SMTP inbox and Chromium before a file's tests; stops them after. */
export function realStackForThisFile(): RealStack {
  const stack = {} as RealStack;
  beforeAll(async () => {
    const apiPort = await freePort();
    [stack.inbox, stack.browser] = await Promise.all([startSmtpInbox(), launchBrowser()]);
    stack.app = await serveApp({ mode: 'production', apiUrl: `http://127.0.0.1:${apiPort}` });
    stack.server = await startDemoServer({
      port: apiPort,
      smtpUrl: stack.inbox.url,
      portalUrl: stack.app.url,
    });
  }, 90_000);
  afterAll(async () => {
    await stack.browser?.close();
    await Promise.all([stack.app?.close(), stack.server?.close(), stack.inbox?.close()]);
  });
  return stack;
}
