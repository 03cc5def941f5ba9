import type { Schemas } from '@portal/contract';
import type { Knex } from 'knex';
import { problems } from '../../errors/problem-error.js';
import { minorToMajor, minorUnitDigits } from '../../money/money.js';
import type { Principal } from '../../tokens/access-token.js';
import { refuseEndedSignIn } from '../../tokens/live-principal.js';
import type { DocumentKind } from './document-lists.js';
import {
  type DocumentRow,
  documentByIdQuery,
  documentPageQuery,
  type PageFilter,
} from './document-repository.js';
import type { PageCursors } from './page-cursor.js';

/** The contract's record of each list. */
export interface DocumentOf {
  invoices: Schemas['Invoice'];
  orders: Schemas['Order'];
  estimates: Schemas['Estimate'];
}

export interface DocumentPage<Kind extends DocumentKind> {
  items: DocumentOf[Kind][];
  nextCursor: string | null;
}

export interface DocumentReadsDeps {
  db: Knex;
  cursors: PageCursors;
}

export interface PageRequest extends PageFilter {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** The contract's default page size (the validator refuses sizes outside 1..100). */
const DEFAULT_LIMIT = 20;

/**
 * A page of the requester's `kind` (the stories behind listInvoices, listOrders, listEstimates): the
 * cursor is checked first (no query for a forged one), then one statement reads the section check and
 * one row more than the page, which tells whether there is a next page.
 */
export async function listDocuments<Kind extends DocumentKind>(
  { db, cursors }: DocumentReadsDeps,
  kind: Kind,
  who: Principal,
  request: PageRequest,
): Promise<DocumentPage<Kind>> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  const filter = { state: request.state, status: request.status };
  const binding = {
    list: kind,
    tenantId: who.tenantId,
    clientId: who.clientId,
    userId: who.userId,
    filters: [filter.state, filter.status],
  };
  const after = request.cursor === undefined ? undefined : cursors.open(binding, request.cursor);
  const { rows } = await documentPageQuery(db, kind, who, filter, after, limit + 1);
  const records = allowedRows(rows);
  const page = records.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toDocument(kind, row)),
    nextCursor:
      records.length > limit && last
        ? cursors.seal(binding, { at: last.position_at, id: last.id as string })
        : null,
  };
}

/** One record of the requester's `kind`; another client's or tenant's id is 404 like an unknown one. */
export async function getDocument<Kind extends DocumentKind>(
  db: Knex,
  kind: Kind,
  who: Principal,
  id: string,
): Promise<DocumentOf[Kind]> {
  const { rows } = await documentByIdQuery(db, kind, who, id);
  const [row] = allowedRows(rows);
  if (!row) throw problems.noSuchResource();
  return toDocument(kind, row);
}

/** The rows of the records, after the tenant's checks that came with them. */
function allowedRows(rows: DocumentRow[]): DocumentRow[] {
  const first = rows[0];
  // No tenant row: the token's user, client, tenant or sign-in is no longer live; 401 as the bearer check says.
  if (!first) refuseEndedSignIn();
  if (!first.allowed) throw problems.sectionDisabled();
  return rows.filter((row) => row.id !== null);
}

function toDocument<Kind extends DocumentKind>(kind: Kind, row: DocumentRow): DocumentOf[Kind] {
  const money = (column: string) => minorToMajor(row[column] as string, minorUnitDigits(row.currency));
  const common = {
    id: row.id as string,
    number: row.number as string | null,
    currency: row.currency,
    total: money('total_minor'),
  };
  const documents: { [K in DocumentKind]: () => DocumentOf[K] } = {
    invoices: () => ({
      ...common,
      status: row.status as Schemas['Invoice']['status'],
      issuedAt: isoOrNull(row.issued_at),
      dueDate: row.due_date as string | null,
      paid: money('paid_minor'),
      outstanding: money('outstanding_minor'),
    }),
    orders: () => ({
      ...common,
      status: row.status as Schemas['Order']['status'],
      orderedAt: (row.ordered_at as Date).toISOString(),
    }),
    estimates: () => ({
      ...common,
      status: row.status as Schemas['Estimate']['status'],
      createdAt: (row.created_at as Date).toISOString(),
      validUntil: row.valid_until as string | null,
    }),
  };
  return documents[kind]();
}

const isoOrNull = (value: unknown) => (value === null ? null : (value as Date).toISOString());
