import type { Schemas } from '@portal/contract';
import { describe, expect, it } from 'vitest';
import { readJson } from '../call-operation.js';
import { signInByMail } from '../sign-in.js';
import { expectProblem } from './expect-problem.js';
import type { SuiteContext } from './suite-context.js';

const CURSOR_REFUSED = {
  status: 400,
  detail: 'The request is not valid.',
  errors: [
    {
      path: '/query/cursor',
      message: 'The cursor is not one of this list with these filters.',
      code: 'cursor',
    },
  ],
};

/**
 * The lists behind the dashboard, on the demo data: a list filtered like a figure has as many items as the
 * figure (and the invoices owe its amount), a figure whose list a switched-off section closes is 0, paging reaches every record once, newest first, and a cursor
 * or an id of no record of the asker's answers as the server does.
 */
export function describeDocumentLists({ backend, call }: SuiteContext): void {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (email: string) => {
    let token = tokens.get(email);
    if (!token) {
      token = signInByMail(backend(), email).then((t) => t.accessToken);
      tokens.set(email, token);
    }
    return token;
  };
  const ada = () => tokenOf(backend().accounts.ada);

  /** Every invoice of the list, page by page of `limit`. */
  async function allInvoices(accessToken: string, limit: number, state?: 'unpaid') {
    const items: Schemas['Invoice'][] = [];
    let cursor: string | undefined;
    do {
      const query = { limit, ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) };
      const page = await readJson(await call('listInvoices', { query, accessToken }), 'listInvoices', 200);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  describe('document lists', () => {
    it('a list filtered like a dashboard figure has as many items as the figure, and owes its amount', async () => {
      const accessToken = await ada();
      const stats = await readJson(
        await call('getDashboardStats', { accessToken }),
        'getDashboardStats',
        200,
      );
      const unpaid = await allInvoices(accessToken, 100, 'unpaid');
      const open = await readJson(
        await call('listOrders', { query: { state: 'open', limit: 100 }, accessToken }),
        'listOrders',
        200,
      );
      const pending = await readJson(
        await call('listEstimates', { query: { state: 'pending', limit: 100 }, accessToken }),
        'listEstimates',
        200,
      );
      expect({
        unpaidInvoices: unpaid.length,
        openOrders: open.items.length,
        pendingEstimates: pending.items.length,
        // In cents: the demo currency is EUR, and the figure is exact.
        totalOutstanding: unpaid.reduce((sum, i) => sum + Math.round(i.outstanding * 100), 0) / 100,
      }).toEqual({
        unpaidInvoices: stats.unpaidInvoices,
        openOrders: stats.openOrders,
        pendingEstimates: stats.pendingEstimates,
        totalOutstanding: stats.totalOutstanding,
      });
      expect(unpaid.every((i) => i.outstanding > 0 && i.currency === stats.currency)).toBe(true);
    });

    it('a figure of a section the tenant switched off is 0, as its list answers 403; back on, it is back', async () => {
      const accessToken = await ada();
      const stats = async () =>
        readJson(await call('getDashboardStats', { accessToken }), 'getDashboardStats', 200);
      const all = await stats();
      expect(
        Math.min(all.openOrders, all.pendingEstimates, all.unpaidInvoices, all.totalOutstanding),
      ).toBeGreaterThan(0);
      const disabled = { status: 403, detail: 'This section of the portal is not enabled.' };
      try {
        await backend().setSections({ configurator: true, finance: false, support: true });
        expect(await stats()).toEqual({ ...all, unpaidInvoices: 0, totalOutstanding: 0 });
        await expectProblem(await call('listInvoices', { accessToken }), {
          ...disabled,
          instance: '/api/v1/portal/invoices',
        });

        await backend().setSections({ configurator: false, finance: true, support: true });
        expect(await stats()).toEqual({ ...all, pendingEstimates: 0 });

        await backend().setSections({ configurator: false, finance: false, support: true });
        expect(await stats()).toEqual({
          currency: all.currency,
          openOrders: 0,
          pendingEstimates: 0,
          unpaidInvoices: 0,
          totalOutstanding: 0,
        });
        await expectProblem(await call('listOrders', { accessToken }), {
          ...disabled,
          instance: '/api/v1/portal/orders',
        });
      } finally {
        await backend().setSections({ configurator: true, finance: true, support: true });
      }
      expect(await stats()).toEqual(all);
    });

    it('pages reach every record once, newest first, and the last page has no next cursor', async () => {
      const accessToken = await ada();
      const whole = await allInvoices(accessToken, 100);
      const paged = await allInvoices(accessToken, 2);
      expect(paged.map((i) => i.id)).toEqual(whole.map((i) => i.id));
      expect(new Set(paged.map((i) => i.id)).size).toBe(paged.length);
      const dates = paged.map((i) => i.issuedAt ?? '');
      expect(dates).toEqual([...dates].sort().reverse());
      expect(paged.length).toBeGreaterThan(2);
    });

    it('a colleague of the same client sees the same records; another client none of them', async () => {
      const { grace, charles } = backend().accounts;
      const ids = async (email: string) => (await allInvoices(await tokenOf(email), 100)).map((i) => i.id);
      const adas = await ids(backend().accounts.ada);
      expect(await ids(grace)).toEqual(adas);
      const charless = await ids(charles);
      expect(charless.length).toBeGreaterThan(0);
      expect(charless.filter((id) => adas.includes(id))).toEqual([]);
    });

    it('a record is read by its id as the list has it; an id of no record of the asker’s answers 404', async () => {
      const accessToken = await ada();
      const [invoice] = await allInvoices(accessToken, 1);
      const one = await call('getInvoice', { path: { invoiceId: invoice?.id as string }, accessToken });
      expect(await readJson(one, 'getInvoice', 200)).toEqual(invoice);
      const charles = await tokenOf(backend().accounts.charles);
      for (const [token, invoiceId] of [
        [charles, invoice?.id as string],
        [accessToken, '00000000-0000-4000-8000-000000000000'],
      ] as const) {
        await expectProblem(await call('getInvoice', { path: { invoiceId }, accessToken: token }), {
          status: 404,
          detail: 'No such resource.',
          instance: `/api/v1/portal/invoices/${invoiceId}`,
        });
      }
    });

    it('a cursor of other filters, of another user or made up answers 400', async () => {
      const accessToken = await ada();
      const page = await readJson(
        await call('listInvoices', { query: { limit: 1 }, accessToken }),
        'listInvoices',
        200,
      );
      const cursor = page.nextCursor as string;
      const charles = await tokenOf(backend().accounts.charles);
      for (const [query, token] of [
        [{ cursor, state: 'unpaid' as const }, accessToken],
        [{ cursor }, charles],
        [{ cursor: 'bm90LWEtY3Vyc29y' }, accessToken],
      ] as const) {
        await expectProblem(await call('listInvoices', { query, accessToken: token }), {
          ...CURSOR_REFUSED,
          instance: '/api/v1/portal/invoices',
        });
      }
    });
  });
}
