import { describe, expect, it } from 'vitest';
import { portalSpec } from '../generated/portal-spec.js';
import { loadContract } from '../test-support/contract-guard.js';

describe('the embedded contract', () => {
  it('is openapi/portal.yaml as it is now (run `pnpm generate` when this fails)', () => {
    expect(portalSpec).toEqual(loadContract());
  });
});
