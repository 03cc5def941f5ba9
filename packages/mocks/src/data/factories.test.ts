import { createContractAjv, dereference } from '@portal/contract/ajv';
import { readContractDocument } from '@portal/test-kit/contract-document';
import { describe, expect, it } from 'vitest';
import { mockState, resetMockState } from '../state/default-state.js';
import { createAccount } from './accounts.js';
import {
  createAddress,
  createAvatar,
  createClientProfile,
  createDashboardStats,
  createEmptyDashboardStats,
  createMe,
  createScopes,
} from './factories.js';
import { seedFactories } from './faker.js';

const contract = readContractDocument();
const ajv = createContractAjv();
const schema = (name: string) =>
  ajv.compile(dereference(contract.components?.schemas?.[name] ?? {}, contract));

describe('the factories', () => {
  it('give the same data after a reset, whatever ran before', () => {
    resetMockState();
    const first = structuredClone(mockState.account);
    createAccount();
    createMe();
    resetMockState();
    expect(mockState.account).toEqual(first);
  });

  it('give other data, still reproducible, with another seed', () => {
    seedFactories(1);
    const a = createMe();
    seedFactories(1);
    expect(createMe()).toEqual(a);
    seedFactories(2);
    expect(createMe()).not.toEqual(a);
  });

  it('override any field', () => {
    const me = createMe({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(me).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(me.email).toMatch(/^ada\.lovelace@/);
    expect(createMe({ email: 'ada@example.com' }).email).toBe('ada@example.com');
    const client = createClientProfile({ billingAddress: null, avatar: null, phone: null, email: null });
    expect(client).toMatchObject({ billingAddress: null, avatar: null, phone: null, email: null });
    expect(createAddress({ latitude: null, longitude: null })).toMatchObject({
      latitude: null,
      longitude: null,
    });
    expect(createScopes({ support: false })).toEqual({ configurator: true, finance: true, support: false });
    expect(createAvatar({ width: 64 }).width).toBe(64);
  });

  it('make a dashboard with zero figures, and keep figures consistent', () => {
    expect(createEmptyDashboardStats()).toEqual({
      currency: 'EUR',
      openOrders: 0,
      pendingEstimates: 0,
      unpaidInvoices: 0,
      totalOutstanding: 0,
    });
    expect(createDashboardStats({ unpaidInvoices: 0 }).totalOutstanding).toBe(0);
    const stats = createDashboardStats();
    expect(Math.round(stats.totalOutstanding * 100) / 100).toBe(stats.totalOutstanding);
  });

  it('make an account whose user belongs to its client', () => {
    const account = createAccount({ tenantCode: 'acme', client: { name: 'Acme Ltd' } });
    expect(account.tenantCode).toBe('acme');
    expect(account.me).toMatchObject({ clientId: account.client.id, clientName: 'Acme Ltd' });
    expect(account.me.email).toMatch(/@acme-ltd\.example$/);
  });

  it('produce data the contract accepts, over many samples', () => {
    const checks = {
      PortalMe: schema('PortalMe'),
      ClientProfile: schema('ClientProfile'),
      PortalScopes: schema('PortalScopes'),
      DashboardStats: schema('DashboardStats'),
    };
    for (let i = 0; i < 200; i++) {
      const { me, client, scopes, dashboard } = createAccount({
        me: { avatar: i % 2 ? createAvatar() : null },
      });
      for (const [name, value] of [
        ['PortalMe', me],
        ['ClientProfile', client],
        ['PortalScopes', scopes],
        ['DashboardStats', dashboard],
      ] as const) {
        expect(checks[name](value), `${name} ${ajv.errorsText(checks[name].errors)}`).toBe(true);
      }
    }
  });
});
