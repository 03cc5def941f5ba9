import type { Knex } from 'knex';
import { AdminError, EXIT } from '../errors/admin-error.js';
import { deviceLabel } from '../features/sign-in/device-label.js';
import { networkHint } from '../features/sign-in/network-hint.js';
import { requireTenant } from './manage-tenants.js';

/*
 * Support staff's view of a person's sign-ins, and ending them without deactivating the person (who can
 * sign in again at once). What staff see is what the person's own devices list shows: a device label and a
 * coarse network hint, never the full address. An ended sign-in's tokens are refused at the next request.
 */

export interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  device: string;
  network: string | null;
}

interface Person {
  tenant: string;
  email: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The person's live sign-ins, most recently used first. */
export async function listUserSessions(
  db: Knex,
  person: Person,
): Promise<{ tenantCode: string; email: string; sessions: SessionView[] }> {
  const user = await requireUser(db, person);
  const rows = await liveSessions(db, user).orderBy([
    { column: 'last_used_at', order: 'desc' },
    { column: 'created_at', order: 'desc' },
  ]);
  return {
    tenantCode: user.tenantCode,
    email: user.email,
    sessions: rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      device: deviceLabel(row.created_user_agent),
      network: networkHint(row.created_ip),
    })),
  };
}

/**
 * Ends one live sign-in of the person (`id`) or all of them (`all`), recorded as ended by staff. An id that
 * is not a live sign-in of this person is refused (exit 65), and nothing is ended.
 */
export async function revokeUserSessions(
  db: Knex,
  input: Person & { id: string | undefined; all: boolean },
): Promise<{ tenantCode: string; email: string; revoked: string[] }> {
  if (input.all === (input.id !== undefined))
    throw new AdminError('Give exactly one of --id ID or --all.', EXIT.usage);
  if (input.id !== undefined && !UUID.test(input.id)) {
    throw new AdminError(
      `--id "${input.id}" is not a sign-in id (the "id" sessions list printed).`,
      EXIT.usage,
    );
  }
  const user = await requireUser(db, input);
  const targets = liveSessions(db, user);
  if (input.id !== undefined) targets.where({ id: input.id });
  const revoked = (await targets
    .update({ revoked_at: new Date(), revoked_reason: 'staff' })
    .returning('id')) as { id: string }[];
  if (input.id !== undefined && revoked.length === 0) {
    throw new AdminError(
      `${user.email} of tenant "${user.tenantCode}" has no live sign-in with id ${input.id}; see: sessions list.`,
    );
  }
  return { tenantCode: user.tenantCode, email: user.email, revoked: revoked.map((r) => r.id) };
}

interface UserRef {
  id: string;
  tenantId: string;
  tenantCode: string;
  email: string;
}

async function requireUser(db: Knex, person: Person): Promise<UserRef> {
  const tenant = await requireTenant(db, person.tenant);
  const row = (await db('portal_users')
    .where({ tenant_id: tenant.id })
    .whereRaw('lower(email) = lower(?)', [person.email.trim()])
    .first('id', 'email')) as { id: string; email: string } | undefined;
  if (!row)
    throw new AdminError(`Tenant "${tenant.code}" has no user with email ${person.email}; check --email.`);
  return { id: row.id, tenantId: tenant.id, tenantCode: tenant.code, email: row.email };
}

function liveSessions(db: Knex, user: UserRef) {
  return db('sessions')
    .where({ user_id: user.id, tenant_id: user.tenantId })
    .whereNull('revoked_at')
    .where('expires_at', '>', new Date())
    .select<
      {
        id: string;
        created_at: Date;
        last_used_at: Date;
        expires_at: Date;
        created_ip: string | null;
        created_user_agent: string | null;
      }[]
    >('id', 'created_at', 'last_used_at', 'expires_at', 'created_ip', 'created_user_agent');
}
