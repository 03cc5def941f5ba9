import { expectTypeOf, test } from 'vitest';
import { type CallOptions, callOperation, readJson } from './call-operation.js';

const BASE = 'http://portal.test';

test('a call sends only what the contract defines for its operation', () => {
  // @ts-expect-error requestMagicLink takes a body with email and tenantCode
  callOperation(BASE, 'requestMagicLink', { body: { email: 'a@b.c' } });
  // @ts-expect-error getMe takes no body
  callOperation(BASE, 'getMe', { body: {} });
  // @ts-expect-error validateMagicLink needs its token
  callOperation(BASE, 'validateMagicLink');
  // @ts-expect-error no such operation
  callOperation(BASE, 'listPayments');
  // @ts-expect-error getInvoice needs the invoice's id
  callOperation(BASE, 'getInvoice', {});
  // @ts-expect-error listInvoices filters by the dashboard's `unpaid` only
  callOperation(BASE, 'listInvoices', { query: { state: 'overdue' } });
  // A list's parameters are all optional: no options at all is a whole call.
  callOperation(BASE, 'listInvoices');
  // Optional: in cookie mode the refresh cookie carries the token.
  expectTypeOf<CallOptions<'refreshSession'>['body']>().toEqualTypeOf<{ refreshToken?: string }>();
});

test('the body read is the contract’s answer of that status', () => {
  expectTypeOf(readJson(new Response(), 'getMe', 200)).resolves.toHaveProperty('clientName');
  // @ts-expect-error getMe declares no 204
  readJson(new Response(), 'getMe', 204);
});
