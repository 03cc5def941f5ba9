import type { Session } from './types.js';

/** `value` when it has a session's fields (it came from storage or another tab), else null. */
export function parseSession(value: unknown): Session | null {
  const session = value as Partial<Session> | null;
  const complete =
    typeof session?.accessToken === 'string' &&
    typeof session.refreshToken === 'string' &&
    typeof session.accessExpiresUnix === 'number';
  return complete ? (session as Session) : null;
}
