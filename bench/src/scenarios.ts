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
  | 'refresh';

/** One operation under load, the same for the server and both baselines. */
export interface Scenario {
  id: ScenarioId;
  method: 'GET' | 'POST';
  path: string;
  /** Sends the bench user's access token (the server and baseline c verify it). */
  bearer: boolean;
  /** Single-use tokens each request consumes, minted before every run. */
  consumes?: 'magic-link' | 'refresh';
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
];

export function scenario(id: ScenarioId): Scenario {
  return SCENARIOS.find((s) => s.id === id) as Scenario;
}
