import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { type BlobStore, postgresBlobStore } from '../blobs/blob-store.js';
import { purgeExpiredRateLimits } from '../rate-limit/rate-limits.js';
import { purgeExpiredTokens } from './purge-expired-tokens.js';
import { BLOB_GRACE_MS, purgeUnreferencedBlobs } from './purge-unreferenced-blobs.js';

export interface Housekeeping {
  /** Runs every job once, now. */
  runOnce(): Promise<void>;
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

const DEFAULT_INTERVAL_MS = 3_600_000;

/**
 * Deletes what strangers can make pile up and nobody needs any more: expired sign-in tokens, finished
 * rate-limit windows, and pictures no avatar names any more (after a grace period). Runs at start and then every `intervalMs` in each process that sends mail (the
 * server with its in-process outbox worker, or the outbox worker process); the deletes are idempotent, so
 * several processes running them at once only repeat each other's work.
 */
export function startHousekeeping(
  db: Knex,
  logger: Logger,
  {
    intervalMs = DEFAULT_INTERVAL_MS,
    clock = () => new Date(),
    blobStore = postgresBlobStore as BlobStore,
    blobGraceMs = BLOB_GRACE_MS,
  } = {},
): Housekeeping {
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= (async () => {
      const now = clock();
      try {
        await purgeExpiredRateLimits(db, now);
        await purgeExpiredTokens(db, now);
        await purgeUnreferencedBlobs(db, blobStore, now, blobGraceMs);
      } catch (err) {
        // The database may be away for a while: the rows wait for the next round.
        logger.error({ err }, 'housekeeping failed');
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  void runOnce();
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
