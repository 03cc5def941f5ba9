import { expectTypeOf, test } from 'vitest';
import type { ParameterlessRead } from './parameterless-reads.js';

test('the type is read from the facts: protected, GET, no query, no path parameter', () => {
  expectTypeOf<'getMe'>().toExtend<ParameterlessRead>();
  expectTypeOf<'getDashboardStats'>().toExtend<ParameterlessRead>();
  expectTypeOf<'listInvoices'>().not.toExtend<ParameterlessRead>(); // takes a query
  expectTypeOf<'getInvoice'>().not.toExtend<ParameterlessRead>(); // takes a path parameter
  expectTypeOf<'endSession'>().not.toExtend<ParameterlessRead>(); // writes
  expectTypeOf<'getJwks'>().not.toExtend<ParameterlessRead>(); // public
});
