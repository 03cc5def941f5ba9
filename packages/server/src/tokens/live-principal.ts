import type { OperationFacts } from '@portal/contract';
import type { Knex } from 'knex';
import { preparedOnce } from '../db/prepared-statement.js';
import { problems } from '../errors/problem-error.js';
import type { Principal } from './access-token.js';

/**
 * The condition under which an access token still stands for someone: its user is active, still belongs to
 * the token's client, which is active, in an active tenant, and its session is neither revoked (logout, reuse detection,
 * deactivation) nor past its absolute end. A boolean SQL expression with the named bindings of
 * `principalBindings`, for the WHERE clause of any statement that reads on behalf of the token: that
 * statement then answers no row exactly when the bearer check would answer 401, in the same round trip.
 * All of it is constant for the statement, so PostgreSQL evaluates it once (an InitPlan), by primary keys.
 */
export const PRINCIPAL_IS_LIVE = `EXISTS (
  SELECT 1 FROM portal_users live_u
    JOIN tenants live_t ON live_t.id = live_u.tenant_id
    JOIN clients live_c ON live_c.id = live_u.client_id AND live_c.tenant_id = live_u.tenant_id
    JOIN sessions live_s ON live_s.user_id = live_u.id AND live_s.tenant_id = live_u.tenant_id
   WHERE live_u.id = :userId AND live_u.tenant_id = :tenantId AND live_u.client_id = :clientId
     AND live_u.active AND live_c.active AND live_t.active
     AND live_s.id = :sessionId AND live_s.revoked_at IS NULL AND live_s.expires_at > :now)`;

/** The named bindings `PRINCIPAL_IS_LIVE` uses; a statement adds its own beside them. */
export function principalBindings(who: Principal, now: Date = new Date()) {
  return {
    userId: who.userId,
    tenantId: who.tenantId,
    clientId: who.clientId,
    sessionId: who.sessionId,
    now,
  };
}

/**
 * A statement that reads through `PRINCIPAL_IS_LIVE`, with `bindings` holding `principalBindings` and its
 * own, run as a prepared statement (db/prepared-statement.ts): planning the condition costs more than
 * running it, and nearly every request runs one of these.
 */
export function liveStatement<Row>(db: Knex, sql: string, bindings: Knex.ValueDict) {
  return db.raw<{ rows: Row[] }>(sql, bindings).options(preparedOnce(sql));
}

const IS_STILL_ACTIVE = `SELECT ${PRINCIPAL_IS_LIVE} AS live`;

/**
 * The check on its own, for the operations that do not read through `PRINCIPAL_IS_LIVE` (those that
 * write keep their transactions): one statement, one round trip.
 */
export async function isStillActive(db: Knex, who: Principal, now: Date = new Date()): Promise<boolean> {
  const { rows } = await liveStatement<{ live: boolean }>(db, IS_STILL_ACTIVE, principalBindings(who, now));
  return rows[0]?.live === true;
}

/**
 * Whether the operation's use case reads through `PRINCIPAL_IS_LIVE`: every protected GET does, so the
 * bearer check only verifies the token for them; the protected writes keep the check on its own.
 */
export function readsThroughLiveness(op: Pick<OperationFacts, 'bearer' | 'method'>): boolean {
  return op.bearer && op.method === 'get';
}

/**
 * The one answer to a token whose sign-in no longer stands (logged out, reused, past its end, or its user,
 * client or tenant deactivated): 401 with the `invalid_token` challenge (RFC 6750, 3.1), from the bearer
 * check and from every statement that reads through `PRINCIPAL_IS_LIVE` alike.
 */
export function refuseEndedSignIn(): never {
  throw problems.unauthorized(true);
}
