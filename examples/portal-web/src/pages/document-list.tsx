import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { describeError } from '../components/describe-error';
import {
  type AnyDocument,
  type DocumentKind,
  type DocumentKinds,
  useDocumentPages,
} from '../data/document-queries';
import { formatMoney } from '../format/format-money';

/** Where each list's records live in the app, what the lists call them, and which sections open them. */
export const DOCUMENT_ROUTES = {
  invoices: { path: '/invoices', noun: 'invoice', sections: ['finance'] },
  orders: { path: '/orders', noun: 'order', sections: ['finance', 'configurator'] },
  estimates: { path: '/estimates', noun: 'estimate', sections: ['configurator'] },
} as const;

/** A table of a list, newest first, with "Load more" while the API has further pages. */
export function DocumentList<K extends DocumentKind>({
  kind,
  state,
  title,
}: {
  kind: K;
  state?: DocumentKinds[K]['state'];
  title: string;
}) {
  const pages = useDocumentPages(kind, state);
  const records = pages.data?.pages.flatMap((page) => page.items as AnyDocument[]) ?? [];
  // "Load more" goes away on the last page: the focus moves to the first record loaded, not to the page's
  // start, so that a keyboard user reads on where they were.
  const rows = useRef<HTMLTableSectionElement>(null);
  const firstLoaded = useRef<number | undefined>(undefined);
  useEffect(() => {
    const index = firstLoaded.current;
    if (index === undefined || records.length <= index) return;
    firstLoaded.current = undefined;
    rows.current?.querySelectorAll('a')[index]?.focus();
  }, [records.length]);
  return (
    <section aria-label={title} className="documents">
      <h2>{title}</h2>
      {pages.isPending && <p className="muted">Loading…</p>}
      {pages.isError && (
        <p role="alert" className="error">
          {describeError(pages.error)}
        </p>
      )}
      {pages.isSuccess && records.length === 0 && <p className="muted">None.</p>}
      {records.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Status</th>
              <th scope="col">Date</th>
              <th scope="col">Total</th>
              {kind === 'invoices' && <th scope="col">Outstanding</th>}
            </tr>
          </thead>
          <tbody ref={rows}>
            {records.map((record) => (
              <tr key={record.id}>
                <td>
                  <Link to={`${DOCUMENT_ROUTES[kind].path}/${record.id}`}>
                    {record.number ?? 'No number'}
                  </Link>
                </td>
                <td>{statusLabel(record.status)}</td>
                <td>{dateOf(record)}</td>
                <td>{formatMoney(record.total, record.currency)}</td>
                {'outstanding' in record && <td>{formatMoney(record.outstanding, record.currency)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages.hasNextPage && (
        <button
          type="button"
          onClick={() => {
            firstLoaded.current = records.length;
            void pages.fetchNextPage();
          }}
          disabled={pages.isFetchingNextPage}
        >
          {pages.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}

export const statusLabel = (status: string) => status.replace('_', ' ');

/** The date a list is sorted by, as a day in the reader's locale. */
export function dateOf(record: AnyDocument): string {
  const at =
    'issuedAt' in record ? record.issuedAt : 'orderedAt' in record ? record.orderedAt : record.createdAt;
  return at ? new Date(at).toLocaleDateString() : '';
}
