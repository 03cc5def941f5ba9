import type * as Mocks from '@portal/mocks';
import { describe, expectTypeOf, it } from 'vitest';
import type * as Sdk from './index.js';

describe('the mocks and the SDK', () => {
  it('export no value under the same name', () => {
    type Shared = Extract<keyof typeof import('@portal/mocks'), keyof typeof import('./index.js')>;
    expectTypeOf<Shared>().toEqualTypeOf<never>();
  });

  it('mean the same by the type names they share', () => {
    expectTypeOf<Mocks.ClientProfile>().toEqualTypeOf<Sdk.ClientProfile>();
    expectTypeOf<Mocks.PortalMe>().toEqualTypeOf<Sdk.PortalMe>();
    expectTypeOf<Mocks.PortalScopes>().toEqualTypeOf<Sdk.PortalScopes>();
    expectTypeOf<Mocks.AuthTokens>().toEqualTypeOf<Sdk.AuthTokens>();
    expectTypeOf<Mocks.DashboardStats>().toEqualTypeOf<Sdk.DashboardStats>();
    expectTypeOf<Mocks.Avatar>().toEqualTypeOf<Sdk.Avatar>();
  });

  it("do not offer the SDK's client under the mocks' name", () => {
    // @ts-expect-error: the SDK's PortalClient is the SDK's alone; the mocks' client company is ClientProfile
    expectTypeOf<Mocks.PortalClient>().not.toBeAny();
  });
});
