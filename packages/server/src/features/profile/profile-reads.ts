import type { Schemas } from '@portal/contract';
import type { Knex } from 'knex';
import { minorToMajor, minorUnitDigits } from '../../money/money.js';
import type { Principal } from '../../tokens/access-token.js';
import { refuseEndedSignIn } from '../../tokens/live-principal.js';
import {
  type AvatarColumns,
  dashboardFigures,
  findClientProfile,
  findTenantSections,
  findUserProfile,
} from './profile-repository.js';

/*
 * The portal's read stories: each takes the requester from the access token and answers exactly the
 * contract's body. Each reads in one statement that also checks that the token's user, tenant and session
 * are still live (profile-repository.ts); no row means the token no longer stands for anyone: 401, with the
 * body and challenge the bearer check would have answered.
 */

export async function currentUser(db: Knex, who: Principal): Promise<Schemas['PortalMe']> {
  const row = (await findUserProfile(db, who)) ?? refuseEndedSignIn();
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    clientId: row.client_id,
    clientName: row.client_name,
    avatar: avatarOf(row),
  };
}

export async function currentClient(db: Knex, who: Principal): Promise<Schemas['PortalClient']> {
  const row = (await findClientProfile(db, who)) ?? refuseEndedSignIn();
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    billingAddress:
      row.address_id === null
        ? null
        : {
            id: row.address_id,
            street: row.street as string,
            houseNumber: row.house_number as string,
            postalCode: row.postal_code as string,
            city: row.city as string,
            country: row.country as string,
            latitude: row.latitude,
            longitude: row.longitude,
          },
    avatar: avatarOf(row),
  };
}

export async function enabledSections(db: Knex, who: Principal): Promise<Schemas['PortalScopes']> {
  const row = (await findTenantSections(db, who)) ?? refuseEndedSignIn();
  return {
    configurator: row.section_configurator,
    finance: row.section_finance,
    support: row.section_support,
  };
}

export async function dashboardStats(db: Knex, who: Principal): Promise<Schemas['DashboardStats']> {
  const row = (await dashboardFigures(db, who)) ?? refuseEndedSignIn();
  return {
    currency: row.currency,
    openOrders: row.open_orders,
    pendingEstimates: row.pending_estimates,
    unpaidInvoices: row.unpaid_invoices,
    totalOutstanding: minorToMajor(row.outstanding_minor, minorUnitDigits(row.currency)),
  };
}

// The schema's CHECK makes the four avatar columns all null or all set.
function avatarOf(row: AvatarColumns): Schemas['Avatar'] | null {
  if (row.avatar_blob_id === null) return null;
  return {
    blobId: row.avatar_blob_id,
    thumbnailBlobId: row.avatar_thumbnail_blob_id as string,
    width: row.avatar_width as number,
    height: row.avatar_height as number,
  };
}
