import { expect, it } from 'vitest';
import { PARAMETERLESS_READS } from './parameterless-reads.js';

it('holds the protected GETs without parameters, and none that takes one, writes, or is public', () => {
  expect(PARAMETERLESS_READS).toEqual(expect.arrayContaining(['getMe', 'getDashboardStats']));
  for (const other of ['listInvoices', 'getInvoice', 'getBlobUrl', 'logout', 'getJwks', 'getBlob']) {
    expect(PARAMETERLESS_READS).not.toContain(other);
  }
});
