import { describe } from 'vitest';
import type { Backend } from './backend.js';
import { describeAvatarRules } from './conformance/avatar-rules.js';
import { describeBearerChallenges } from './conformance/bearer-challenges.js';
import { describeCodeSignIn } from './conformance/code-sign-in.js';
import { describeCookieMode } from './conformance/cookie-mode.js';
import { describeDevices } from './conformance/devices.js';
import { describeDocumentLists } from './conformance/document-lists.js';
import { describeProblemShapes } from './conformance/problem-shapes.js';
import { describeSessionRules } from './conformance/session-rules.js';
import { useBackend } from './conformance/suite-context.js';

/**
 * The behaviours the server and the mocks must share, written once: registers the conformance suite's
 * tests for the backend `start` makes (started before them, stopped after). The server's tests run it
 * against the real server on each database, the mocks' tests against the mocks: what an app learns on the
 * mocks holds on the server.
 */
export function describeConformance(name: string, start: () => Promise<Backend>): void {
  describe(`the contract's behaviour, on ${name}`, () => {
    const context = useBackend(start);
    describeSessionRules(context);
    describeCodeSignIn(context);
    describeBearerChallenges(context);
    describeProblemShapes(context);
    describeDocumentLists(context);
    describeAvatarRules(context);
    describeDevices(context);
  });
}

/** A backend with cookie mode: `allowedOrigin` may act on the refresh cookie (CORS_ORIGINS on the server). */
export interface CookieModeBackend extends Backend {
  allowedOrigin: string;
}

/**
 * The cookie-mode rules (conformance/cookie-mode.ts) as a suite of their own, for the backend `start` makes:
 * the refresh cookie's attributes, refresh and logout by the cookie, and the CSRF refusals.
 */
export function describeCookieModeConformance(name: string, start: () => Promise<CookieModeBackend>): void {
  describe(`cookie mode, on ${name}`, () => {
    let origin = '';
    const context = useBackend(async () => {
      const backend = await start();
      origin = backend.allowedOrigin;
      return backend;
    });
    describeCookieMode(context, () => origin);
  });
}
