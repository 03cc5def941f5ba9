import type { CallOptions, Page } from './types.js';

/** The calls over one list of the API: a page, one record by id, and every record page by page. */
export interface DocumentList<Item, Query extends { cursor?: string }> {
  /** One page: `list({ state: 'unpaid' })`, then `list({ state: 'unpaid', cursor: page.nextCursor })`. */
  list(query?: Query, options?: CallOptions): Promise<Page<Item>>;
  /** One record by its id; another client's or an unknown id rejects with a 404 PortalApiError. */
  get(id: string, options?: CallOptions): Promise<Item>;
  /**
   * Every record of the list, fetched a page at a time as the loop asks for them:
   * `for await (const invoice of portal.invoices.all({ state: 'unpaid' }))`. Aborting `options.signal`
   * stops it: the pending page rejects, and no page is asked for after.
   */
  all(query?: Omit<Query, 'cursor'>, options?: CallOptions): AsyncIterableIterator<Item>;
}

/** A list's calls, from its two requests. */
export function documentList<Item, Query extends { cursor?: string }>(
  list: (query: Query | undefined, options: CallOptions | undefined) => Promise<Page<Item>>,
  get: (id: string, options: CallOptions | undefined) => Promise<Item>,
): DocumentList<Item, Query> {
  return {
    list,
    get,
    async *all(query, options) {
      let cursor: string | undefined;
      do {
        options?.signal?.throwIfAborted();
        const page = await list({ ...query, ...(cursor ? { cursor } : {}) } as Query, options);
        for (const item of page.items) {
          options?.signal?.throwIfAborted();
          yield item;
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
  };
}
