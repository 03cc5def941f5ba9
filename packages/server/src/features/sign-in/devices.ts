import type { Schemas } from '@portal/contract';
import { problems } from '../../errors/problem-error.js';
import type { Principal } from '../../tokens/access-token.js';
import { refuseEndedSignIn } from '../../tokens/live-principal.js';
import { deviceLabel } from './device-label.js';
import { networkHint } from './network-hint.js';
import { listLiveSessions, revokeSessionById } from './session-repository.js';
import type { AuthDeps } from './sign-in-deps.js';

/*
 * The user's own view of where they are signed in, and ending one of those sign-ins. Who is asking comes
 * only from the verified access token; every statement is bound to that user of that tenant.
 */

/** The requester's live sign-ins, most recently used first, the one of their token marked `current`. */
export async function listSignIns(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  who: Principal,
): Promise<Schemas['SessionList']> {
  const rows = await listLiveSessions(deps.db, who, deps.clock());
  // The requester's own sign-in is always listed while their token is live: no row is the bearer check's 401.
  if (rows.length === 0) refuseEndedSignIn();
  return {
    items: rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      device: deviceLabel(row.created_user_agent),
      network: networkHint(row.created_ip),
      current: row.id === who.sessionId,
    })),
  };
}

/**
 * Ends one of the requester's live sign-ins: their own is a logout, another one is signed out elsewhere.
 * Another user's id, an ended sign-in's and an unknown one get the same 404, so ids cannot be probed.
 */
export async function endSignIn(
  deps: Pick<AuthDeps, 'db' | 'clock' | 'metrics'>,
  who: Principal,
  sessionId: string,
): Promise<void> {
  const reason = sessionId === who.sessionId ? 'logout' : 'signed_out_elsewhere';
  const ended = await revokeSessionById(deps.db, who, sessionId, reason, deps.clock());
  if (!ended) throw problems.noSuchResource();
  deps.metrics.sessionsEnded.inc({ reason });
}
