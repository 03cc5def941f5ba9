import { operationList } from '@portal/contract';
import express from 'express';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import type { AvatarDeps } from '../features/avatars/avatar-deps.js';
import type { PageCursors } from '../features/documents/page-cursor.js';
import type { AuthDeps } from '../features/sign-in/sign-in-deps.js';
import type { KeySetHolder } from '../tokens/key-set.js';
import type { OperationHandlers } from './operation-handler.js';
import { avatarOperations } from './operations/avatar-operations.js';
import { documentOperations } from './operations/document-operations.js';
import { portalOperations } from './operations/profile-operations.js';
import { authOperations } from './operations/sign-in-operations.js';
import { wellKnownOperations } from './operations/well-known-operations.js';
import { mountOperations } from './routes.js';

// Routing only looks the handlers up; none is called, so no database is needed behind them.
const handlers = (): OperationHandlers => ({
  ...authOperations({} as AuthDeps, { origins: new Set(), production: false }),
  ...portalOperations({} as Knex),
  ...documentOperations({ db: {} as Knex, cursors: {} as PageCursors }),
  ...wellKnownOperations({} as KeySetHolder),
  ...avatarOperations({} as AvatarDeps),
});

describe('routing by the contract', () => {
  it('has a handler for every operation of the contract, and none extra', () => {
    expect(Object.keys(handlers()).sort()).toEqual(operationList.map((op) => op.id).sort());
    expect(() => mountOperations(express(), handlers())).not.toThrow();
  });

  it('refuses to start when an operation has no handler', () => {
    const { getScopes: _missing, ...rest } = handlers();
    expect(() => mountOperations(express(), rest as OperationHandlers)).toThrow(
      /No handler for GET \/api\/v1\/portal\/scopes/,
    );
  });

  it('refuses to start with a handler for an operation the contract does not have', () => {
    const extra = {
      ...handlers(),
      listPayments: async () => ({ status: 200 }),
    } as unknown as OperationHandlers;
    expect(() => mountOperations(express(), extra)).toThrow(/not in the contract: listPayments/);
  });

  it('declares exactly the six operations of the seed, refresh, logout, verify-code, the document reads, the devices, the JWKS and the pictures', () => {
    expect(operationList.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort()).toEqual(
      [
        'POST /api/v1/portal/auth/request-magic-link',
        'POST /api/v1/portal/auth/validate',
        'POST /api/v1/portal/auth/verify-code',
        'POST /api/v1/portal/auth/refresh',
        'POST /api/v1/portal/auth/logout',
        'GET /api/v1/portal/sessions',
        'DELETE /api/v1/portal/sessions/{sessionId}',
        'GET /api/v1/portal/client',
        'GET /api/v1/portal/dashboard/stats',
        'GET /api/v1/portal/me',
        'GET /api/v1/portal/scopes',
        'GET /api/v1/portal/invoices',
        'GET /api/v1/portal/invoices/{invoiceId}',
        'GET /api/v1/portal/orders',
        'GET /api/v1/portal/orders/{orderId}',
        'GET /api/v1/portal/estimates',
        'GET /api/v1/portal/estimates/{estimateId}',
        'GET /.well-known/jwks.json',
        'PUT /api/v1/portal/me/avatar',
        'DELETE /api/v1/portal/me/avatar',
        'GET /api/v1/portal/blobs/{blobId}/url',
        'GET /api/v1/portal/blobs/{blobId}',
      ].sort(),
    );
  });
});
