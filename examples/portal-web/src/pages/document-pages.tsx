import { Link, useParams, useSearchParams } from 'react-router';
import { QueryState } from '../components/query-state';
import { SectionGate } from '../components/section-gate';
import { type DocumentKind, type DocumentKinds, useDocument } from '../data/document-queries';
import { formatMoney } from '../format/format-money';
import { DOCUMENT_ROUTES, DocumentList, dateOf, statusLabel } from './document-list';

const TITLES = {
  invoices: { all: 'Invoices', state: 'Unpaid invoices', stateName: 'unpaid' },
  orders: { all: 'Orders', state: 'Open orders', stateName: 'open' },
  estimates: { all: 'Estimates', state: 'Pending estimates', stateName: 'pending' },
} as const;

/** Finance: the unpaid invoices first, then every invoice. */
export function FinancePage() {
  return (
    <SectionGate sections={['finance']} title="Finance">
      <h1>Finance</h1>
      <DocumentList kind="invoices" state="unpaid" title="Unpaid invoices" />
      <DocumentList kind="invoices" title="All invoices" />
      <p>
        <Link to="/orders">Orders</Link>
      </p>
    </SectionGate>
  );
}

/** Configurator: the estimates awaiting a decision first, then every estimate. */
export function ConfiguratorPage() {
  return (
    <SectionGate sections={['configurator']} title="Configurator">
      <h1>Configurator</h1>
      <DocumentList kind="estimates" state="pending" title="Pending estimates" />
      <DocumentList kind="estimates" title="All estimates" />
      <p>
        <Link to="/orders">Orders</Link>
      </p>
    </SectionGate>
  );
}

/** One list, filtered like its dashboard figure with `?state=`: where the figures link to. */
export function DocumentListPage({ kind }: { kind: DocumentKind }) {
  const [search] = useSearchParams();
  const titles = TITLES[kind];
  const state = search.get('state') === titles.stateName ? titles.stateName : undefined;
  const title = state ? titles.state : titles.all;
  return (
    <SectionGate sections={DOCUMENT_ROUTES[kind].sections} title={title}>
      <h1>{title}</h1>
      <DocumentList
        key={state ?? 'all'}
        kind={kind}
        state={state as DocumentKinds[typeof kind]['state'] | undefined}
        title={title}
      />
    </SectionGate>
  );
}

/** One record. */
export function DocumentPage({ kind }: { kind: DocumentKind }) {
  const { id = '' } = useParams();
  const record = useDocument(kind, id);
  const { noun, sections } = DOCUMENT_ROUTES[kind];
  return (
    <SectionGate sections={sections} title={TITLES[kind].all}>
      <QueryState query={record}>
        {(data) => (
          <>
            <h1>
              {noun.charAt(0).toUpperCase() + noun.slice(1)} {data.number ?? ''}
            </h1>
            <dl className="details">
              <dt>Status</dt>
              <dd>{statusLabel(data.status)}</dd>
              <dt>Date</dt>
              <dd>{dateOf(data)}</dd>
              {'dueDate' in data && data.dueDate && (
                <>
                  <dt>Due</dt>
                  <dd>{new Date(data.dueDate).toLocaleDateString()}</dd>
                </>
              )}
              {'validUntil' in data && (
                <>
                  <dt>Valid until</dt>
                  <dd>{data.validUntil ? new Date(data.validUntil).toLocaleDateString() : 'No limit'}</dd>
                </>
              )}
              <dt>Total</dt>
              <dd>{formatMoney(data.total, data.currency)}</dd>
              {'paid' in data && (
                <>
                  <dt>Paid</dt>
                  <dd>{formatMoney(data.paid, data.currency)}</dd>
                  <dt>Outstanding</dt>
                  <dd>{formatMoney(data.outstanding, data.currency)}</dd>
                </>
              )}
            </dl>
            <p>
              <Link to={DOCUMENT_ROUTES[kind].path}>All {kind}</Link>
            </p>
          </>
        )}
      </QueryState>
    </SectionGate>
  );
}
