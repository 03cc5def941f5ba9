import express from 'express';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import type { AuthDeps } from '../features/auth/auth-deps.js';
import { authHandlers } from '../features/auth/handlers.js';
import { portalHandlers } from '../features/portal/handlers.js';
import { operationIdsOf } from '../test-support/well-formed-requests.js';
import type { OperationHandlers } from './operation-handler.js';
import { mountOperations } from './routes.js';
import { loadSpec } from './spec.js';

// Routing only looks the handlers up; none is called, so no database is needed behind them.
const handlers = (): OperationHandlers =>
  ({ ...authHandlers({} as AuthDeps), ...portalHandlers({} as Knex) }) as OperationHandlers;

describe('routing by the contract', () => {
  it('has a handler for every operation of openapi/portal.yaml, and none extra', () => {
    const spec = loadSpec();
    expect(Object.keys(handlers()).sort()).toEqual(operationIdsOf(spec));
    expect(() => mountOperations(express(), spec, handlers())).not.toThrow();
  });

  it('refuses to start when the contract gains an operation without a handler', () => {
    const spec = loadSpec();
    spec.paths = { ...spec.paths, '/api/v1/portal/invoices': { get: { operationId: 'listInvoices' } } };
    expect(() => mountOperations(express(), spec, handlers())).toThrow(
      /No handler for GET \/api\/v1\/portal\/invoices/,
    );
  });

  it('refuses to start with a handler for an operation the contract no longer has', () => {
    const spec = loadSpec();
    delete spec.paths?.['/api/v1/portal/scopes'];
    expect(() => mountOperations(express(), spec, handlers())).toThrow(/not in the contract: getScopes/);
  });

  it('declares exactly the six operations of the seed plus refresh and logout', () => {
    const spec = loadSpec();
    const routes = Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /api/v1/portal/auth/request-magic-link',
        'POST /api/v1/portal/auth/validate',
        'POST /api/v1/portal/auth/refresh',
        'POST /api/v1/portal/auth/logout',
        'GET /api/v1/portal/client',
        'GET /api/v1/portal/dashboard/stats',
        'GET /api/v1/portal/me',
        'GET /api/v1/portal/scopes',
      ].sort(),
    );
  });
});
