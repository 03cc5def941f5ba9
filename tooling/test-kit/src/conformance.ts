import { describe } from 'vitest';
import type { Backend } from './backend.js';
import { describeAvatarRules } from './conformance/avatar-rules.js';
import { describeBearerChallenges } from './conformance/bearer-challenges.js';
import { describeCodeSignIn } from './conformance/code-sign-in.js';
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
