import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config/config.js';

/** The keys that seal queued mail: the first seals, every one opens what it sealed. */
export interface MailKeyRing {
  sealKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
  /** The key that opens rows stored without a key id (sealed before MAIL_KEYS), when JWT_SECRET is set. */
  legacyKeyId: string | undefined;
}

/** The id of the key derived from JWT_SECRET, the way mail was sealed before it had a key ring. */
const DERIVED_KEY_ID = 'jwt-secret';
const KEY_BYTES = 32;

/**
 * The mail key ring of this configuration: MAIL_KEYS (`id:key,...`, first seals), or one key derived from
 * JWT_SECRET (HKDF, RFC 5869; setups from before MAIL_KEYS), or a development file under DATA_DIR created on
 * first use, or a key made for this process (tests). With MAIL_KEYS and JWT_SECRET both set, the derived key
 * still opens mail queued before MAIL_KEYS was set.
 */
export function loadMailKeyRing(config: Pick<Config, 'mailKeys' | 'jwt'>): MailKeyRing {
  const source = config.mailKeys;
  const derived = config.jwt.secret ? ([[DERIVED_KEY_ID, derivedKey(config.jwt.secret)]] as const) : [];
  let entries: (readonly [string, Buffer])[];
  switch (source.kind) {
    case 'configured':
      entries = source.keys.map(({ id, key }) => [id, Buffer.from(key, 'base64url')] as const);
      break;
    case 'derived-from-jwt-secret':
      entries = [];
      break;
    case 'ephemeral':
      entries = [['ephemeral', randomBytes(KEY_BYTES)]];
      break;
    case 'file':
      entries = readKeyFile(source.file);
      break;
  }
  const all = [...entries, ...derived];
  const first = all[0];
  if (!first) throw new ConfigError(['MAIL_KEYS: no mail key configured']);
  return {
    sealKeyId: first[0],
    keys: new Map(all.filter(([id], i) => all.findIndex(([other]) => other === id) === i)),
    legacyKeyId: derived.length > 0 ? DERIVED_KEY_ID : undefined,
  };
}

function derivedKey(secret: string): Buffer {
  // The same derivation as before MAIL_KEYS existed, so mail queued then still opens.
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), 'portal mail outbox v1', 32),
  );
}

// One `id:key` per line, the newest first; created with one key when missing (development).
function readKeyFile(file: string): [string, Buffer][] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(path.dirname(file), { recursive: true });
    text = `m${Date.now().toString(36)}:${randomBytes(KEY_BYTES).toString('base64url')}\n`;
    writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  }
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [id, key] = line.split(':');
      return [id ?? '', Buffer.from(key ?? '', 'base64url')] as [string, Buffer];
    });
  for (const [id, key] of entries) {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== KEY_BYTES) {
      throw new ConfigError([`${file}: every line must be id:key with a 32-byte base64url key`]);
    }
  }
  return entries;
}
