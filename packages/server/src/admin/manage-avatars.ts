import { readFile } from 'node:fs/promises';
import type { Schemas } from '@portal/contract';
import type { Knex } from 'knex';
import { postgresBlobStore, saveBlobs } from '../blobs/blob-store.js';
import { processAvatarImage } from '../blobs/image-pipeline.js';
import { AdminError, EXIT } from '../errors/admin-error.js';
import { ProblemError } from '../errors/problem-error.js';
import { type AvatarValues, NO_AVATAR } from '../features/avatars/avatar-repository.js';
import { avatarValuesOf } from '../features/avatars/own-avatar.js';
import { requireTenant } from './manage-tenants.js';

/** Whose picture: a user by email, or a client (its logo) by id; exactly one. */
export interface AvatarOwner {
  tenant: string;
  email?: string | undefined;
  client?: string | undefined;
}

export interface AvatarView {
  tenantCode: string;
  userId?: string;
  clientId?: string;
  avatar: Schemas['Avatar'] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Staff set a user's picture or a client's logo from a file: through the same image pipeline as uploads
 * (a refused file is an error that says why, and nothing is stored), in one transaction. The picture it
 * replaces is left to the housekeeping.
 */
export async function setAvatar(db: Knex, owner: AvatarOwner, file: string): Promise<AvatarView> {
  checkOwner(owner);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new AdminError(`Cannot read ${file}: ${(err as Error).message}. Check --file.`, EXIT.usage);
  }
  const processed = await processAvatarImage(bytes).catch((err: unknown) => {
    if (err instanceof ProblemError) throw new AdminError(`${file}: ${err.detail}`);
    throw err;
  });
  return db.transaction(async (trx) => {
    const tenant = await requireTenant(trx, owner.tenant);
    await saveBlobs(trx, postgresBlobStore, tenant.id, [processed.image, processed.thumbnail]);
    return writeAvatar(trx, tenant, owner, avatarValuesOf(processed));
  });
}

/** Staff remove a user's picture or a client's logo. */
export async function removeAvatar(db: Knex, owner: AvatarOwner): Promise<AvatarView> {
  checkOwner(owner);
  return db.transaction(async (trx) => {
    const tenant = await requireTenant(trx, owner.tenant);
    return writeAvatar(trx, tenant, owner, NO_AVATAR);
  });
}

function checkOwner(owner: AvatarOwner): void {
  if ((owner.email === undefined) === (owner.client === undefined))
    throw new AdminError('Give exactly one of --email (a user) and --client (a client id).', EXIT.usage);
  if (owner.client !== undefined && !UUID.test(owner.client))
    throw new AdminError(
      `--client "${owner.client}" is not a client id (the "id" client create printed).`,
      EXIT.usage,
    );
}

async function writeAvatar(
  trx: Knex.Transaction,
  tenant: { id: string; code: string },
  owner: AvatarOwner,
  values: AvatarValues,
): Promise<AvatarView> {
  const avatar =
    values.avatar_blob_id === null
      ? null
      : {
          blobId: values.avatar_blob_id,
          thumbnailBlobId: values.avatar_thumbnail_blob_id as string,
          width: values.avatar_width as number,
          height: values.avatar_height as number,
        };
  const changes = { ...values, updated_at: trx.fn.now() };
  if (owner.client !== undefined) {
    const [row] = await trx('clients')
      .where({ tenant_id: tenant.id, id: owner.client })
      .update(changes, ['id']);
    if (!row)
      throw new AdminError(`Tenant "${tenant.code}" has no client with id ${owner.client}; check --client.`);
    return { tenantCode: tenant.code, clientId: row.id, avatar };
  }
  const email = (owner.email as string).trim();
  const [row] = await trx('portal_users')
    .where({ tenant_id: tenant.id })
    .whereRaw('lower(email) = lower(?)', [email])
    .update(changes, ['id']);
  if (!row) throw new AdminError(`Tenant "${tenant.code}" has no user with email ${email}; check --email.`);
  return { tenantCode: tenant.code, userId: row.id, avatar };
}
