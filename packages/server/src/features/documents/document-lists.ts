import { STATE_PREDICATES, STATE_SECTIONS } from '../../records/record-states.js';

/*
 * The three lists, described once for the repository: table, the SQL of the sort date, the columns a
 * portal shows, the rows a client may see at all, and the tenant sections that open the list. `i`, `o`,
 * `e` are the lists' table aliases and `t` the tenant's, in every fragment.
 */
export interface DocumentList {
  table: string;
  alias: string;
  /** The sort date: newest first, ties by id. The same expression as the list's indexes (0005-document-lists). */
  sortDate: string;
  columns: string;
  /** What a client never sees: drafts are the tenant's work in progress. */
  visible: string;
  /** Which tenant sections open the list (any of them). */
  sectionColumns: readonly string[];
  states: Readonly<Record<string, (alias: string) => string>>;
}

const unpaid = STATE_PREDICATES.invoices.unpaid('i');

export const DOCUMENT_LISTS = {
  invoices: {
    table: 'invoices',
    alias: 'i',
    sortDate: 'coalesce(i.issued_at, i.created_at)',
    columns: `i.id, i.number, i.status, i.issued_at, i.due_date::text AS due_date, i.total_minor::text AS total_minor,
      i.paid_minor::text AS paid_minor,
      (CASE WHEN ${unpaid} THEN i.total_minor - i.paid_minor ELSE 0 END)::text AS outstanding_minor`,
    visible: `i.status <> 'draft'`,
    sectionColumns: STATE_SECTIONS.invoices,
    states: STATE_PREDICATES.invoices,
  },
  orders: {
    table: 'orders',
    alias: 'o',
    sortDate: 'o.ordered_at',
    columns: 'o.id, o.number, o.status, o.ordered_at, o.total_minor::text AS total_minor',
    visible: 'true',
    sectionColumns: STATE_SECTIONS.orders,
    states: STATE_PREDICATES.orders,
  },
  estimates: {
    table: 'estimates',
    alias: 'e',
    sortDate: 'e.created_at',
    columns: `e.id, e.number, e.status, e.created_at, e.valid_until::text AS valid_until,
      e.total_minor::text AS total_minor`,
    visible: `e.status <> 'draft'`,
    sectionColumns: STATE_SECTIONS.estimates,
    states: STATE_PREDICATES.estimates,
  },
} as const satisfies Record<string, DocumentList>;

export type DocumentKind = keyof typeof DOCUMENT_LISTS;
