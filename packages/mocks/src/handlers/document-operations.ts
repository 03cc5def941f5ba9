import { getDocument, listDocuments } from '../documents/document-lists.js';
import type { MockOperations } from '../http/operation-types.js';

type DocumentOperations =
  | 'listInvoices'
  | 'getInvoice'
  | 'listOrders'
  | 'getOrder'
  | 'listEstimates'
  | 'getEstimate';

/** The lists behind the dashboard and their records, from the same records the figures count. */
export const documentOperations: Pick<MockOperations, DocumentOperations> = {
  listInvoices: ({ state, account, query }) => ({
    status: 200,
    body: listDocuments(state, account, 'invoices', query ?? {}),
  }),
  getInvoice: ({ state, account, params }) => ({
    status: 200,
    body: getDocument(state, account, 'invoices', params.invoiceId),
  }),
  listOrders: ({ state, account, query }) => ({
    status: 200,
    body: listDocuments(state, account, 'orders', query ?? {}),
  }),
  getOrder: ({ state, account, params }) => ({
    status: 200,
    body: getDocument(state, account, 'orders', params.orderId),
  }),
  listEstimates: ({ state, account, query }) => ({
    status: 200,
    body: listDocuments(state, account, 'estimates', query ?? {}),
  }),
  getEstimate: ({ state, account, params }) => ({
    status: 200,
    body: getDocument(state, account, 'estimates', params.estimateId),
  }),
};
