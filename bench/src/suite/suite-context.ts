import type { Principal } from '@portal/server/internals';
import type { Knex } from 'knex';
import type { ScenarioId } from '../scenarios.js';

export interface BenchOptions {
  /** Seconds of each measured load run, and of the warm-up run before it. */
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** How many times `me` and `dashboard` are measured on each target, interleaved (medians reported). */
  repeats: number;
  /** Rounds of the memory check (each loads me, dashboard and request-magic-link once). */
  memoryRounds: number;
  /** DB_POOL_MAX values compared on me and dashboard. */
  poolSizes: number[];
  /** Sequential requests per operation for the round-trip count. */
  queryCountRequests: number;
  /** Only these operations in the side-by-side comparison (`--scenarios`); all when undefined. */
  scenarios?: ScenarioId[] | undefined;
  /** The server's entry point, when not this repository's build (`--server-script`). */
  serverScript?: string | undefined;
  /** More environment for the server under test (`--server-env`), e.g. METRICS_PORT or OTEL_*. */
  serverEnv?: Record<string, string>;
}

/** What every phase of one Node version's suite works with. */
export interface SuiteContext {
  node: { label: string; path: string; version: string };
  options: BenchOptions;
  /** The bench database, for minting tokens and reading counters. */
  db: Knex;
  databaseUrl: string;
  /** Where logs and answer files of this suite go. */
  workDir: string;
  log(line: string): void;
  /** A tag no other run of this bench has used (for token prefixes and unknown emails). */
  uniqueTag(label: string): string;
  /** The bench user's sign-in (set once the suite's server is up). */
  session(): BenchSession;
  setSession(session: BenchSession): void;
}

/** The bench user's sign-in: the access token the load carries, and who it names. */
export interface BenchSession {
  accessToken: string;
  principal: Principal;
  /** The path of the last page of its client's unpaid invoices, with the cursor the server gave for it. */
  lastUnpaidInvoicesPage: string;
}
