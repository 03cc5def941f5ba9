import { readFileSync } from 'node:fs';
import { specPath } from '@portal/contract';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { PUBLIC_PATHS } from './auth-middleware.js';

interface Spec {
  security?: unknown[];
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

it('the paths sent without a bearer token are exactly the operations the contract marks security: []', () => {
  const spec = parse(readFileSync(specPath, 'utf8')) as Spec;
  const publicInSpec = Object.entries(spec.paths)
    .filter(([, operations]) =>
      Object.values(operations).some((operation) => (operation.security ?? spec.security)?.length === 0),
    )
    .map(([path]) => path);

  expect([...PUBLIC_PATHS].sort()).toEqual(publicInSpec.sort());
});
