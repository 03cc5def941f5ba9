import type { Session } from './types.js';

/** Why the user is signed out. */
export type SignOutReason =
  /** This client logged out, or ended its own sign-in. */
  | 'logout'
  /** The server refused a token that had not expired yet: the sign-in was ended elsewhere. */
  | 'revoked'
  /** The server refused to refresh a session whose access token had run out. */
  | 'expired'
  /** Another tab (another client of the same storage) signed out. */
  | 'other_tab';

/** What happened to the session. Each listener first gets `initial_session`, with the stored session. */
export type AuthEvent =
  | { type: 'initial_session'; session: Session | null }
  | { type: 'signed_in'; session: Session }
  | { type: 'token_refreshed'; session: Session }
  | { type: 'signed_out'; reason: SignOutReason };

export type AuthListener = (event: AuthEvent) => void;

export interface AuthEvents {
  emit(event: AuthEvent): void;
  subscribe(listener: AuthListener): () => void;
}

/**
 * The listeners of a client's auth events. `onFirst` runs when the first listener subscribes and its
 * result when the last one leaves, so that a client nobody listens to holds no browser listeners.
 */
export function createAuthEvents(onFirst: () => () => void): AuthEvents {
  const listeners = new Set<AuthListener>();
  let stop: (() => void) | undefined;
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        // One failing listener must not keep the others, or the SDK, from going on.
        try {
          listener(event);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
    subscribe(listener) {
      // A function subscribed twice is two subscriptions, each with its own unsubscribe.
      const entry: AuthListener = (event) => listener(event);
      listeners.add(entry);
      if (listeners.size === 1) stop = onFirst();
      return () => {
        if (!listeners.delete(entry)) return;
        if (listeners.size === 0) {
          stop?.();
          stop = undefined;
        }
      };
    },
  };
}
