import type { Knex } from 'knex';
import type { Principal } from '../../tokens/access-token.js';
import { liveStatement, PRINCIPAL_IS_LIVE, principalBindings } from '../../tokens/live-principal.js';
import { DOCUMENT_LISTS, type DocumentKind } from './document-lists.js';
import type { PagePosition } from './page-cursor.js';

/** The tenant's side of every answer: its currency and whether its sections open the list. */
interface TenantColumns {
  currency: string;
  allowed: boolean;
}

/** A row of a list (its columns of document-lists.ts, null when the page is empty) with its position. */
export type DocumentRow = TenantColumns & { id: string | null; position_at: string } & Record<
    string,
    unknown
  >;

export interface PageFilter {
  state?: string | undefined;
  status?: string | undefined;
}

/**
 * One page of a list as one statement (inRequestersTenant): `limit` rows of the client in the list's
 * order after `after`, through the list's index (0005-document-lists).
 */
export function documentPageQuery(
  db: Knex,
  kind: DocumentKind,
  who: Principal,
  filter: PageFilter,
  after: PagePosition | undefined,
  limit: number,
) {
  const list = DOCUMENT_LISTS[kind];
  const a = list.alias;
  const state =
    filter.state === undefined
      ? undefined
      : (list.states as Record<string, (x: string) => string>)[filter.state];
  const conditions = [
    `${a}.tenant_id = :tenantId`,
    `${a}.client_id = :clientId`,
    list.visible,
    ...(state ? [state(a)] : []),
    ...(filter.status === undefined ? [] : [`${a}.status = :status`]),
    ...(after ? [`(${list.sortDate}, ${a}.id) < (:afterAt::timestamptz, :afterId::uuid)`] : []),
  ];
  return inRequestersTenant(
    db,
    kind,
    who,
    `SELECT ${list.columns}, ${list.sortDate}::text AS position_at
       FROM ${list.table} ${a}
      WHERE ${conditions.join(' AND ')} AND ${sectionCheck(kind)}
      ORDER BY ${list.sortDate} DESC, ${a}.id DESC
      LIMIT :limit`,
    {
      limit,
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(after ? { afterAt: after.at, afterId: after.id } : {}),
    },
  );
}

/** One record of the list by id, for the requester's client only; same shape as a page of one. */
export function documentByIdQuery(db: Knex, kind: DocumentKind, who: Principal, id: string) {
  const list = DOCUMENT_LISTS[kind];
  const a = list.alias;
  return inRequestersTenant(
    db,
    kind,
    who,
    `SELECT ${list.columns}, ${list.sortDate}::text AS position_at
       FROM ${list.table} ${a}
      WHERE ${a}.id = :id AND ${a}.tenant_id = :tenantId AND ${a}.client_id = :clientId
        AND ${list.visible} AND ${sectionCheck(kind)}`,
    { id },
  );
}

/**
 * The statement both reads are: the requester's tenant row (its currency, whether its sections open the
 * list) joined to `records`, the rows read on the requester's behalf (none: one row of nulls), under the
 * token's liveness, so that authorisation and read are one round trip. No row at all: the requester is no
 * longer live.
 */
function inRequestersTenant(
  db: Knex,
  kind: DocumentKind,
  who: Principal,
  records: string,
  bindings: Record<string, string | number>,
) {
  return liveStatement<DocumentRow>(
    db,
    `SELECT t.currency, ${sectionCheck(kind)} AS allowed, p.*
       FROM tenants t
       LEFT JOIN LATERAL (${records}) p ON true
      WHERE t.id = :tenantId
        AND ${PRINCIPAL_IS_LIVE}`,
    { ...principalBindings(who), ...bindings },
  );
}

function sectionCheck(kind: DocumentKind): string {
  return `(${DOCUMENT_LISTS[kind].sectionColumns.map((c) => `t.${c}`).join(' OR ')})`;
}
