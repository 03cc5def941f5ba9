import type { OperationId } from '@portal/contract';
import { LIVE_CHECKED_AVATAR_READS } from './avatar-operations.js';
import { LIVE_CHECKED_DOCUMENT_READS } from './document-operations.js';
import { LIVE_CHECKED_PORTAL_READS } from './profile-operations.js';
import { LIVE_CHECKED_AUTH_READS } from './sign-in-operations.js';

/**
 * The protected operations whose handler checks the token's liveness in its own statement
 * (tokens/live-principal.ts): the bearer guard only verifies the token for them (bearer-guard.ts).
 * live-principal.test.ts proves that every protected operation that does not write is here.
 */
export const LIVE_CHECKED_READS: readonly OperationId[] = [
  ...LIVE_CHECKED_PORTAL_READS,
  ...LIVE_CHECKED_DOCUMENT_READS,
  ...LIVE_CHECKED_AVATAR_READS,
  ...LIVE_CHECKED_AUTH_READS,
];
