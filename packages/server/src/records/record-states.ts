/*
 * What each dashboard figure counts, in one place: the dashboard's statement (profile-repository.ts) and the
 * filtered lists of features/documents build their SQL from these same predicates, so a list filtered like a
 * figure has exactly as many items as the figure says. Each predicate is, word for word, the predicate of a
 * partial index of 0005-document-lists, so the queries read only the rows that count.
 */

/** A condition on the row under table alias `alias`, as SQL. */
type Predicate = (alias: string) => string;

export const STATE_PREDICATES = {
  /** `openOrders`: open or in progress. */
  orders: { open: (a) => `${a}.status IN ('open', 'in_progress')` },
  /** `pendingEstimates`: sent to the client, awaiting a decision, and not expired (today still counts). */
  estimates: {
    pending: (a) => `${a}.status = 'sent' AND (${a}.valid_until IS NULL OR ${a}.valid_until >= current_date)`,
  },
  /** `unpaidInvoices` and `totalOutstanding`: issued (neither draft nor void) and paid below their total. */
  invoices: { unpaid: (a) => `${a}.status NOT IN ('draft', 'void') AND ${a}.paid_minor < ${a}.total_minor` },
} as const satisfies Record<'orders' | 'estimates' | 'invoices', Record<string, Predicate>>;

/**
 * The tenant sections that open each figure's list (any of them): without one, the list answers 403 and the
 * figure is 0, so the dashboard shows nothing of a section the tenant switched off. Columns of `tenants`.
 */
export const STATE_SECTIONS = {
  invoices: ['section_finance'],
  // An order is what an accepted estimate (configurator) becomes and what invoices (finance) bill.
  orders: ['section_finance', 'section_configurator'],
  estimates: ['section_configurator'],
} as const satisfies Record<keyof typeof STATE_PREDICATES, readonly string[]>;

/** Whether the tenant under alias `alias` has a section that opens `kind`'s list, as SQL. */
export const sectionOpens = (kind: keyof typeof STATE_SECTIONS, alias: string): string =>
  `(${STATE_SECTIONS[kind].map((column) => `${alias}.${column}`).join(' OR ')})`;
