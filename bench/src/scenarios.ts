import { DATASET } from './database/dataset.js';
import type { Vary } from './load/load-spec.js';

export type ScenarioId =
  | 'me'
  | 'client'
  | 'scopes'
  | 'dashboard'
  | 'magic-link-known'
  | 'magic-link-unknown'
  | 'validate'
  | 'refresh'
  | 'invoices-unpaid'
  | 'invoices-last-page';

/** What a path may take from the bench user's sign-in (BenchSession of suite-context.ts). */
interface SessionPaths {
  lastUnpaidInvoicesPage: string;
}

/** One operation under load, the same for the server and both baselines. */
export interface Scenario {
  id: ScenarioId;
  method: 'GET' | 'POST';
  path: string;
  /** Sends the bench user's access token (the server and baseline c verify it). */
  bearer: boolean;
  /** Single-use tokens each request consumes, minted before every run. */
  consumes?: 'magic-link' | 'refresh';
  /** Served by the server only (the baselines have no document lists): judged against its own GET /me. */
  serverOnly?: true;
  /** The path, when it holds what only the bench user's sign-in gives (a cursor the server issued). */
  pathFor?(session: SessionPaths): string;
  /** How each request differs from the last; `tokenPrefix` names this run's minted tokens. */
  vary(run: { tag: string; tokenPrefix: string }): Vary;
}

const API = '/api/v1/portal';
const fixed = (): Vary => ({ kind: 'fixed' });

export const SCENARIOS: Scenario[] = [
  { id: 'me', method: 'GET', path: `${API}/me`, bearer: true, vary: fixed },
  { id: 'client', method: 'GET', path: `${API}/client`, bearer: true, vary: fixed },
  { id: 'scopes', method: 'GET', path: `${API}/scopes`, bearer: true, vary: fixed },
  { id: 'dashboard', method: 'GET', path: `${API}/dashboard/stats`, bearer: true, vary: fixed },
  {
    id: 'magic-link-known',
    method: 'POST',
    path: `${API}/auth/request-magic-link`,
    bearer: false,
    vary: ({ tag }) => ({ kind: 'email', known: true, knownUsers: DATASET.largeClients, tag }),
  },
  {
    id: 'magic-link-unknown',
    method: 'POST',
    path: `${API}/auth/request-magic-link`,
    bearer: false,
    vary: ({ tag }) => ({ kind: 'email', known: false, knownUsers: DATASET.largeClients, tag }),
  },
  {
    id: 'validate',
    method: 'POST',
    path: `${API}/auth/validate`,
    bearer: false,
    consumes: 'magic-link',
    vary: ({ tokenPrefix }) => ({ kind: 'magic-link-token', prefix: tokenPrefix }),
  },
  {
    id: 'refresh',
    method: 'POST',
    path: `${API}/auth/refresh`,
    bearer: false,
    consumes: 'refresh',
    vary: ({ tokenPrefix }) => ({ kind: 'refresh-token', prefix: tokenPrefix }),
  },
  // The first page of the bench client's unpaid invoices (2,000 of its 5,000), and its last page by cursor.
  {
    id: 'invoices-unpaid',
    method: 'GET',
    path: `${API}/invoices?state=unpaid`,
    bearer: true,
    serverOnly: true,
    vary: fixed,
  },
  {
    id: 'invoices-last-page',
    method: 'GET',
    path: `${API}/invoices?state=unpaid`,
    bearer: true,
    serverOnly: true,
    pathFor: (session) => session.lastUnpaidInvoicesPage,
    vary: fixed,
  },
];

/** Where a scenario's requests go for the bench user of this suite. */
export function scenarioPath(s: Scenario, session: SessionPaths): string {
  return s.pathFor ? s.pathFor(session) : s.path;
}

export function scenario(id: ScenarioId): Scenario {
  return SCENARIOS.find((s) => s.id === id) as Scenario;
}
