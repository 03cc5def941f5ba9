import type { Knex } from 'knex';
import {
  type DocumentReadsDeps,
  getDocument,
  listDocuments,
} from '../../features/documents/document-reads.js';
import type { OperationHandlers } from '../operation-handler.js';

type DocumentOperations =
  | 'listInvoices'
  | 'getInvoice'
  | 'listOrders'
  | 'getOrder'
  | 'listEstimates'
  | 'getEstimate';

/** The lists behind the dashboard and their records; who is asking comes only from the access token. */
export function documentOperations(
  deps: DocumentReadsDeps & { db: Knex },
): Pick<OperationHandlers, DocumentOperations> {
  const { db } = deps;
  return {
    listInvoices: async ({ principal, query }) => ({
      status: 200,
      body: await listDocuments(deps, 'invoices', principal, query ?? {}),
    }),
    getInvoice: async ({ principal, params }) => ({
      status: 200,
      body: await getDocument(db, 'invoices', principal, params.invoiceId),
    }),
    listOrders: async ({ principal, query }) => ({
      status: 200,
      body: await listDocuments(deps, 'orders', principal, query ?? {}),
    }),
    getOrder: async ({ principal, params }) => ({
      status: 200,
      body: await getDocument(db, 'orders', principal, params.orderId),
    }),
    listEstimates: async ({ principal, query }) => ({
      status: 200,
      body: await listDocuments(deps, 'estimates', principal, query ?? {}),
    }),
    getEstimate: async ({ principal, params }) => ({
      status: 200,
      body: await getDocument(db, 'estimates', principal, params.estimateId),
    }),
  };
}
