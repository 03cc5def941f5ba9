import { operationList } from '@portal/contract';
import { expect, it } from 'vitest';
import { DOCUMENT_READS, PICTURE_READS, PORTAL_READS, SESSION_READS } from './portal-reads.js';

it('names every operation that reads with a bearer token, so a new one is not left out of the tests', () => {
  const reads = operationList.filter((op) => op.bearer && op.method === 'get').map((op) => op.id);
  expect([...PORTAL_READS, ...DOCUMENT_READS, ...PICTURE_READS, ...SESSION_READS].sort()).toEqual(
    reads.sort(),
  );
});
