import type { DashboardStats } from '@portal/client';
import { useDashboardStats, useMe } from '@portal/react';
import { Link } from 'react-router';
import { QueryState } from '../components/query-state';
import { formatMoney } from '../format/format-money';

/** The client's figures; the amount in the tenant's currency, formatted for the reader's locale. */
export function DashboardPage() {
  const me = useMe();
  const stats = useDashboardStats();
  return (
    <>
      <h1>{me.data ? `Welcome, ${me.data.firstName}` : 'Dashboard'}</h1>
      <QueryState query={stats}>{(data) => <Figures stats={data} />}</QueryState>
    </>
  );
}

function Figures({ stats }: { stats: DashboardStats }) {
  const count = new Intl.NumberFormat();
  return (
    <dl className="figures">
      <Figure label="Open orders" value={count.format(stats.openOrders)} to="/orders?state=open" />
      <Figure
        label="Pending estimates"
        value={count.format(stats.pendingEstimates)}
        to="/estimates?state=pending"
      />
      <Figure
        label="Unpaid invoices"
        value={count.format(stats.unpaidInvoices)}
        to="/invoices?state=unpaid"
      />
      <Figure
        label="Outstanding"
        value={formatMoney(stats.totalOutstanding, stats.currency)}
        to="/invoices?state=unpaid"
      />
    </dl>
  );
}

// Each figure links to the list it counts, filtered by the same definition.
function Figure({ label, value, to }: { label: string; value: string; to: string }) {
  return (
    <div className="figure" data-testid={label}>
      <dt>{label}</dt>
      <dd>
        <Link to={to}>{value}</Link>
      </dd>
    </div>
  );
}
