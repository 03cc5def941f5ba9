import { describe, expectTypeOf, it } from 'vitest';
import type { PortalApiError, ProblemCode } from './index.js';

declare const error: PortalApiError;

describe("the error's code is the contract's closed list", () => {
  it('is a union of string literals, not a string', () => {
    expectTypeOf<PortalApiError['code']>().toEqualTypeOf<ProblemCode | undefined>();
    expectTypeOf<'code_invalid'>().toExtend<ProblemCode>();
    expectTypeOf<string>().not.toExtend<ProblemCode>();
    expectTypeOf<PortalApiError['retryAfter']>().toEqualTypeOf<number | undefined>();
  });

  it('does not compile against a code outside the list', () => {
    // @ts-expect-error: 'wrong_code' is not one of the contract's codes
    if (error.code === 'wrong_code') return;
    // @ts-expect-error: a ProblemCode cannot be made from any string
    const code: ProblemCode = 'invalid-token';
    void code;
  });
});
