import { createHmac, hkdfSync, type KeyObject, timingSafeEqual } from 'node:crypto';
import { problems } from '../../errors/problem-error.js';

/** Where a page ends: the sort date (PostgreSQL's text of the timestamp, exact to the microsecond) and id. */
export interface PagePosition {
  at: string;
  id: string;
}

/** What a cursor is valid for: whose list, which list, which filters. Never written into the cursor. */
interface CursorBinding {
  list: string;
  tenantId: string;
  clientId: string;
  userId: string;
  filters: readonly (string | undefined)[];
}

export interface PageCursors {
  seal(binding: CursorBinding, position: PagePosition): string;
  /** The position of a cursor sealed for exactly this binding; else 400 (cursorInvalid). */
  open(binding: CursorBinding, cursor: string): PagePosition;
}

const MAC_BYTES = 32;

/**
 * Opaque page cursors: base64url of an HMAC-SHA256 tag followed by the position as JSON. The tag covers the
 * position and the binding (user, client, tenant, list, filters), so a cursor altered, or presented by
 * anyone else, for another list or with other filters, fails the check and is refused before any query
 * runs; the binding itself is not in the cursor, so it discloses no ids. The key is derived with HKDF
 * (RFC 5869) from the server secret (compose.ts: never a token-signing key), with its own `info`.
 */
export function createPageCursors(serverSecret: KeyObject): PageCursors {
  const key = Buffer.from(
    hkdfSync('sha256', serverSecret.export(), Buffer.alloc(0), 'portal page cursor v1', 32),
  );
  const tag = (binding: CursorBinding, position: Buffer) =>
    createHmac('sha256', key)
      .update(
        JSON.stringify([
          binding.list,
          binding.tenantId,
          binding.clientId,
          binding.userId,
          binding.filters.map((f) => f ?? null),
        ]),
      )
      .update('\n')
      .update(position)
      .digest();
  return {
    seal(binding, position) {
      const body = Buffer.from(JSON.stringify([position.at, position.id]), 'utf8');
      return Buffer.concat([tag(binding, body), body]).toString('base64url');
    },
    open(binding, cursor) {
      const raw = Buffer.from(cursor, 'base64url');
      const body = raw.subarray(MAC_BYTES);
      // Only the one spelling we issue: base64 decoding ignores stray characters and the unused low bits
      // of the last one, which would let many strings stand for one cursor.
      if (
        raw.length <= MAC_BYTES ||
        raw.toString('base64url') !== cursor ||
        !timingSafeEqual(raw.subarray(0, MAC_BYTES), tag(binding, body))
      ) {
        throw problems.cursorInvalid();
      }
      const position: unknown = JSON.parse(body.toString('utf8'));
      // Sealed by us, so well-formed; checked anyway, as a key shared with another version could sign others.
      if (
        !Array.isArray(position) ||
        position.length !== 2 ||
        typeof position[0] !== 'string' ||
        typeof position[1] !== 'string'
      ) {
        throw problems.cursorInvalid();
      }
      return { at: position[0], id: position[1] };
    },
  };
}
