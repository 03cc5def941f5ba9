import { problems } from '@portal/contract';
import type { MockAccount } from '../data/accounts.js';
import {
  type Estimate,
  type Invoice,
  isOpen,
  isPending,
  isUnpaid,
  type MockDocuments,
  type Order,
  opens,
} from '../data/documents.js';
import type { MockState } from '../state/mock-state.js';
import { openCursor, type PagePosition, sealCursor } from './page-cursor.js';

type Kind = keyof MockDocuments;
type DocumentOf = { invoices: Invoice; orders: Order; estimates: Estimate };

/** What a list is sorted by, as the server's (features/documents); the sections that open it: `opens`. */
const LISTS = {
  invoices: { date: (i: Invoice) => i.issuedAt ?? '' },
  orders: { date: (o: Order) => o.orderedAt },
  estimates: { date: (e: Estimate) => e.createdAt },
} as const;

export interface ListQuery {
  state?: string | undefined;
  status?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** A page of `kind` of the account's client, as the server pages it: newest first, by cursor. */
export function listDocuments<K extends Kind>(
  state: MockState,
  account: MockAccount,
  kind: K,
  query: ListQuery,
): { items: DocumentOf[K][]; nextCursor: string | null } {
  const binding = JSON.stringify([kind, account.me.id, query.state ?? null, query.status ?? null]);
  const after =
    query.cursor === undefined ? undefined : openCursor(state.cursorSecret, binding, query.cursor);
  const records = visible(state, account, kind).filter(
    (record) =>
      (query.state === undefined || inState(kind, record, state)) &&
      (query.status === undefined || record.status === query.status),
  );
  const positionOf = (record: DocumentOf[K]): PagePosition => ({ at: dateOf(kind, record), id: record.id });
  const sorted = records
    .map((record) => ({ record, at: positionOf(record) }))
    .sort((a, b) => compare(b.at, a.at));
  const rest = after ? sorted.filter(({ at }) => compare(at, after) < 0) : sorted;
  const limit = query.limit ?? 20;
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ record }) => record),
    nextCursor: rest.length > limit && last ? sealCursor(state.cursorSecret, binding, last.at) : null,
  };
}

/** One record of the account's client; another's, or none, is the server's 404. */
export function getDocument<K extends Kind>(
  state: MockState,
  account: MockAccount,
  kind: K,
  id: string,
): DocumentOf[K] {
  const found = visible(state, account, kind).find((record) => record.id === id);
  if (!found) throw problems.noSuchResource();
  return found;
}

function visible<K extends Kind>(state: MockState, account: MockAccount, kind: K): DocumentOf[K][] {
  if (!opens(account.scopes, kind)) throw problems.sectionDisabled();
  return state.documentsOf(account)[kind] as DocumentOf[K][];
}

// The figure each list's `state` filter matches (the dashboard's definitions, data/documents.ts).
function inState(kind: Kind, record: Invoice | Order | Estimate, state: MockState): boolean {
  if (kind === 'invoices') return isUnpaid(record as Invoice);
  if (kind === 'orders') return isOpen(record as Order);
  return isPending(record as Estimate, state.clock.now().toISOString().slice(0, 10));
}

function dateOf(kind: Kind, record: Invoice | Order | Estimate): string {
  return (LISTS[kind].date as (r: Invoice | Order | Estimate) => string)(record);
}

// ISO timestamps of one format sort as text; ties by id, as the server's (date, id) order.
function compare(a: PagePosition, b: PagePosition): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
