import { unlinkSync } from 'node:fs';
import path from 'node:path';
import { operationFacts } from '@portal/contract';
import { AdminError } from '../errors/admin-error.js';
import {
  generateKeyFile,
  loadKeyFolder,
  type Manifest,
  type ManifestEntry,
  readManifest,
  writeManifest,
} from '../tokens/key-folder.js';

/*
 * The steps of a key rotation on a key folder (docs/keys.md): add a standby, wait until every server and
 * every verifier's cached JWKS knows it, promote it, wait until the tokens of the old key have expired,
 * retire the old key. Each step refuses to run before its wait is over, unless forced.
 */

/** How long verifiers may cache the JWKS: the `max-age` of the contract's `Cache-Control`. */
const JWKS_MAX_AGE_SECONDS = Number(
  /max-age=(\d+)/.exec(operationFacts.getJwks.cacheControl ?? '')?.[1] ?? 0,
);

/** The waits of a rotation under this configuration. */
interface RotationTimes {
  /** How often servers re-read the folder. */
  reloadMs: number;
  /** How long an access token lives. */
  accessTtlSeconds: number;
}

export interface KeyStep {
  dir: string;
  now: Date;
  times: RotationTimes;
  /** Skip the wait (an incident: a key must go now, even if it signs some users out). */
  force: boolean;
}

const summary = (dir: string, manifest: Manifest) => ({
  dir,
  keys: manifest.keys.map((k) => ({ kid: k.kid, role: k.role, alg: 'ES256', since: k.since })),
});

/** Starts a key set in `dir` with one current key; refuses a folder that already holds one. */
export function generateKeySet(dir: string, now: Date) {
  if (readManifest(dir)) throw new AdminError(`${dir} already holds a key set; use "keys add-standby"`);
  const kid = generateKeyFile(dir);
  const manifest: Manifest = { keys: [{ kid, role: 'current', since: now.toISOString() }] };
  writeManifest(dir, manifest);
  return summary(dir, manifest);
}

/** The keys of `dir` with their ids, roles and since when; the set is loaded, so a broken file shows here. */
export function listKeys(dir: string) {
  const manifest = manifestOf(dir);
  try {
    loadKeyFolder(dir);
  } catch (err) {
    throw new AdminError(`the key set in ${dir} does not load: ${(err as Error).message}`);
  }
  return summary(dir, manifest);
}

/** Adds a new key as standby: published by every server at its next reload, not signing yet. */
export function addStandby({ dir, now, times }: Omit<KeyStep, 'force'>) {
  const manifest = manifestOf(dir);
  const standby = manifest.keys.find((k) => k.role === 'standby');
  if (standby) throw new AdminError(`${dir} already has a standby key (${standby.kid}); promote it first`);
  const kid = generateKeyFile(dir);
  writeManifest(dir, { keys: [...manifest.keys, { kid, role: 'standby', since: now.toISOString() }] });
  return {
    ...summary(dir, manifestOf(dir)),
    promoteAfter: after(now, times.reloadMs + JWKS_MAX_AGE_SECONDS * 1000),
  };
}

/**
 * Makes the standby key current and the current one previous. Not before every server has reloaded the
 * standby and every verifier's cached JWKS may have expired: else a token of the new key meets a verifier
 * that does not know it yet.
 */
export function promoteStandby({ dir, now, times, force }: KeyStep) {
  const manifest = manifestOf(dir);
  const standby = manifest.keys.find((k) => k.role === 'standby');
  if (!standby) throw new AdminError(`${dir} has no standby key; run "keys add-standby" first`);
  waitOver(standby, times.reloadMs + JWKS_MAX_AGE_SECONDS * 1000, now, force, 'promote the standby key');
  const since = now.toISOString();
  const keys = manifest.keys.map((k): ManifestEntry => {
    if (k.kid === standby.kid) return { ...k, role: 'current', since };
    if (k.role === 'current') return { ...k, role: 'previous', since };
    return k;
  });
  writeManifest(dir, { keys });
  return {
    ...summary(dir, { keys }),
    retireAfter: after(now, times.reloadMs + times.accessTtlSeconds * 1000),
  };
}

/**
 * Removes previous keys (all, or the one named) from the set and deletes their files: their tokens are
 * refused from each server's next reload. Not before the tokens they signed have expired, unless forced.
 */
export function retirePrevious({ dir, now, times, force }: KeyStep, kid?: string) {
  const manifest = manifestOf(dir);
  const retiring = manifest.keys.filter((k) => k.role === 'previous' && (kid === undefined || k.kid === kid));
  if (retiring.length === 0) {
    throw new AdminError(
      kid ? `${dir} has no previous key "${kid}"` : `${dir} has no previous key to retire`,
    );
  }
  for (const key of retiring) {
    waitOver(key, times.reloadMs + times.accessTtlSeconds * 1000, now, force, `retire key ${key.kid}`);
  }
  const keys = manifest.keys.filter((k) => !retiring.includes(k));
  writeManifest(dir, { keys });
  for (const key of retiring) unlinkSync(path.join(dir, `${key.kid}.pem`));
  return { ...summary(dir, { keys }), retired: retiring.map((k) => k.kid) };
}

function manifestOf(dir: string): Manifest {
  let manifest: Manifest | undefined;
  try {
    manifest = readManifest(dir);
  } catch (err) {
    throw new AdminError((err as Error).message);
  }
  if (!manifest) throw new AdminError(`${dir} holds no key set; run "keys generate" first`);
  return manifest;
}

function waitOver(key: ManifestEntry, waitMs: number, now: Date, force: boolean, action: string): void {
  const ready = new Date(new Date(key.since).getTime() + waitMs);
  if (!force && now < ready) {
    throw new AdminError(
      `too early to ${action}: wait until ${ready.toISOString()} (the servers' reload interval plus ${
        action.startsWith('promote') ? 'the JWKS cache time' : 'the access token lifetime'
      }), or --force to accept that some requests may be refused`,
    );
  }
}

const after = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();
