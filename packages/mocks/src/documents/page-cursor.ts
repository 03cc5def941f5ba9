import { problems } from '@portal/contract';

/** Where a page ends: the sort date and the id of its last record. */
export interface PagePosition {
  at: string;
  id: string;
}

/**
 * The mocks' page cursors: opaque like the server's (base64url, no ids of whose list it is), bound to the
 * user, the list and its filters by a keyed check of the state's secret, so that a cursor made up, altered,
 * or of another list, filter or user answers 400 as on the server. A check, not a MAC: the mocks guard no
 * data, and their handlers answer synchronously (no Web Crypto).
 */
export function sealCursor(secret: string, binding: string, position: PagePosition): string {
  const check = keyedCheck(secret, `${binding}\n${position.at}\n${position.id}`);
  return toBase64Url(JSON.stringify([position.at, position.id, check]));
}

/** The position of a cursor sealed for exactly `binding`; else the server's 400 (cursorInvalid). */
export function openCursor(secret: string, binding: string, cursor: string): PagePosition {
  let decoded: unknown;
  try {
    const text = fromBase64Url(cursor);
    // Only the one spelling we issue, as the server.
    if (toBase64Url(text) !== cursor) throw problems.cursorInvalid();
    decoded = JSON.parse(text);
  } catch {
    throw problems.cursorInvalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || !decoded.every((part) => typeof part === 'string')) {
    throw problems.cursorInvalid();
  }
  const [at, id, check] = decoded as [string, string, string];
  if (check !== keyedCheck(secret, `${binding}\n${at}\n${id}`)) throw problems.cursorInvalid();
  return { at, id };
}

// FNV-1a (32-bit) over the secret and the text, twice with different offsets: 64 bits of check.
function keyedCheck(secret: string, text: string): string {
  const lane = (offset: number) => {
    let hash = offset;
    for (const char of `${secret}\n${text}`) {
      hash ^= char.codePointAt(0) as number;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  };
  return `${lane(0x811c9dc5)}${lane(0x050c5d1f)}`;
}

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => atob(text.replace(/-/g, '+').replace(/_/g, '/'));
