import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildKeySet,
  type KeyRole,
  type KeySet,
  KID_PATTERN,
  type SigningKey,
  thumbprintOf,
} from './key-set.js';

/*
 * A signing key set kept as files, which the servers read and `portal-admin keys` edits:
 *   manifest.json   {"keys":[{"kid":"…","role":"current","since":"2026-11-30T12:00:00.000Z"}, …]}
 *   <kid>.pem       the ES256 private key of each key (PKCS#8), readable by its owner only
 * The manifest is replaced whole (written beside, then renamed), so a server that reads it while it changes
 * sees the old set or the new one, never half of each.
 */

const MANIFEST = 'manifest.json';

export interface ManifestEntry {
  kid: string;
  role: KeyRole;
  /** When the key took this role: the waits of the rotation runbook are counted from it. */
  since: string;
}

export interface Manifest {
  keys: ManifestEntry[];
}

const ROLES: readonly string[] = ['current', 'standby', 'previous'];

/** The manifest of `dir`, checked; undefined when the folder has none yet. */
export function readManifest(dir: string): Manifest | undefined {
  const text = readText(path.join(dir, MANIFEST));
  return text === undefined ? undefined : parseManifest(text, dir);
}

function parseManifest(text: string, dir: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${path.join(dir, MANIFEST)} is not JSON`);
  }
  const keys = (raw as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new Error(`${path.join(dir, MANIFEST)}: "keys" must be a list`);
  for (const entry of keys as ManifestEntry[]) {
    if (typeof entry?.kid !== 'string' || !KID_PATTERN.test(entry.kid) || !ROLES.includes(entry.role)) {
      throw new Error(`${path.join(dir, MANIFEST)}: every key needs a kid ([A-Za-z0-9_-]) and a role`);
    }
  }
  return { keys: keys as ManifestEntry[] };
}

/** Loads the key set of `dir` (manifest and PEM files); throws with the file at fault. */
export function loadKeyFolder(dir: string): KeySet {
  const manifest = readManifest(dir);
  if (!manifest) throw new Error(`${path.join(dir, MANIFEST)} does not exist`);
  return buildKeySet(manifest.keys.map((entry) => loadKey(dir, entry)));
}

function loadKey(dir: string, entry: ManifestEntry): SigningKey {
  const file = path.join(dir, `${entry.kid}.pem`);
  const pem = readText(file);
  if (pem === undefined) throw new Error(`${file} is missing (key "${entry.kid}" of the manifest)`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error(`${file} does not hold a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${file} is not an EC P-256 private key (ES256)`);
  }
  return {
    kid: entry.kid,
    alg: 'ES256',
    role: entry.role,
    signingKey: privateKey,
    verifyingKey: createPublicKey(privateKey),
    acceptsWithoutKid: false,
  };
}

/** Creates a new ES256 key in `dir` (its PEM file only); returns its id, the key's RFC 7638 thumbprint. */
export function generateKeyFile(dir: string): string {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = thumbprintOf(publicKey).slice(0, 22);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, `${kid}.pem`), privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, {
    mode: 0o600,
    flag: 'wx',
  });
  return kid;
}

/** Replaces the manifest of `dir` in one rename. */
export function writeManifest(dir: string, manifest: Manifest): void {
  const file = path.join(dir, MANIFEST);
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  renameSync(draft, file);
}

/** The development set: a folder with one current key, created on first use like the old generated secret. */
export function ensureKeyFolder(dir: string, now: Date = new Date()): void {
  if (readManifest(dir)) return;
  const kid = generateKeyFile(dir);
  writeManifest(dir, { keys: [{ kid, role: 'current', since: now.toISOString() }] });
}

/**
 * Reads the manifest of `dir` every `intervalMs` and, when its text changed, loads the new set into
 * `replace`. A set that does not load (a PEM file not copied yet, a bad edit) is reported and the old one
 * kept: the servers go on signing and verifying as before until the folder is right again.
 */
export function watchKeyFolder(
  dir: string,
  intervalMs: number,
  replace: (set: KeySet) => void,
  onError: (err: Error) => void,
): { stop(): void } {
  let seen = readText(path.join(dir, MANIFEST));
  let failed: string | undefined;
  const timer = setInterval(() => {
    try {
      const text = readText(path.join(dir, MANIFEST));
      // A manifest that failed is reported once, not at every round, until it changes again.
      if (text === seen || text === failed) return;
      try {
        replace(loadKeyFolder(dir));
        seen = text;
        failed = undefined;
      } catch (err) {
        failed = text;
        throw err;
      }
    } catch (err) {
      onError(err as Error);
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
