import { createSecretKey, randomBytes } from 'node:crypto';
import { ProblemError } from '@portal/contract';
import { describe, expect, it } from 'vitest';
import { createPageCursors } from './page-cursor.js';

const binding = {
  list: 'invoices',
  tenantId: 't1',
  clientId: 'c1',
  userId: 'u1',
  filters: ['unpaid', undefined] as (string | undefined)[],
};
const position = { at: '2026-01-01 10:00:00.123456+00', id: '5f0c6a4e-1111-4222-8333-444455556666' };

describe('page cursors', () => {
  const cursors = createPageCursors(createSecretKey(randomBytes(32)));

  it('open what they sealed, for the same binding', () => {
    const cursor = cursors.seal(binding, position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursors.open(binding, cursor)).toEqual(position);
  });

  it('refuse a cursor of any other user, client, tenant, list or filters', () => {
    const cursor = cursors.seal(binding, position);
    for (const other of [
      { ...binding, userId: 'u2' },
      { ...binding, clientId: 'c2' },
      { ...binding, tenantId: 't2' },
      { ...binding, list: 'orders' },
      { ...binding, filters: [undefined, undefined] },
      { ...binding, filters: [undefined, 'unpaid'] },
    ]) {
      expect(() => cursors.open(other, cursor)).toThrow(ProblemError);
    }
  });

  it('refuse every altered spelling, and a cursor sealed under another key', () => {
    const cursor = cursors.seal(binding, position);
    for (let n = 0; n < cursor.length; n += 1) {
      const altered = `${cursor.slice(0, n)}${cursor[n] === 'A' ? 'B' : 'A'}${cursor.slice(n + 1)}`;
      expect(() => cursors.open(binding, altered), `character ${n}`).toThrow(ProblemError);
    }
    const foreign = createPageCursors(createSecretKey(randomBytes(32))).seal(binding, position);
    expect(() => cursors.open(binding, foreign)).toThrow(ProblemError);
    expect(() => cursors.open(binding, '')).toThrow(ProblemError);
  });

  it('do not disclose whose list they page', () => {
    const text = Buffer.from(cursors.seal(binding, position), 'base64url').toString('latin1');
    for (const id of ['t1', 'c1', 'u1', 'unpaid']) expect(text).not.toContain(id);
  });
});
