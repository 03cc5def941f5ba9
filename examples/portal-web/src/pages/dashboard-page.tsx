import type { DashboardStats } from '@portal/client';
import { QueryState } from '../components/query-state';
import { useDashboardStats, useMe } from '../data/portal-queries';
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
      <Figure label="Open orders" value={count.format(stats.openOrders)} />
      <Figure label="Pending estimates" value={count.format(stats.pendingEstimates)} />
      <Figure label="Unpaid invoices" value={count.format(stats.unpaidInvoices)} />
      <Figure label="Outstanding" value={formatMoney(stats.totalOutstanding, stats.currency)} />
    </dl>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="figure" data-testid={label}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
