import type { VerifyCodeRequest } from '@portal/client';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { portal, SESSION_EXPIRED, SESSION_STORAGE_KEY, sessionEvents } from '../portal';

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out';
/** Why the user is signed out, for the sign-in page to say so. */
export type SignOutReason = 'expired' | 'signed-out';

interface SessionContextValue {
  status: SessionStatus;
  reason: SignOutReason | undefined;
  /** Redeems a magic-link token: the SDK stores the session. */
  signIn(token: string): Promise<void>;
  /** Signs in with the one-time code of the sign-in mail: the SDK stores the session. */
  signInWithCode(request: VerifyCodeRequest): Promise<void>;
  /** Revokes the session on the server and forgets it here, even when the server cannot be reached. */
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** Knows whether someone is signed in: from the SDK's stored session, its expiry event and other tabs. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [reason, setReason] = useState<SignOutReason>();

  const signedOut = useCallback(
    (why?: SignOutReason) => {
      setStatus('signed-out');
      setReason(why);
      queryClient.clear();
    },
    [queryClient],
  );

  useEffect(() => {
    const readStored = () =>
      portal.getSession().then((session) => (session ? setStatus('signed-in') : signedOut()));
    void readStored();
    const onExpired = () => signedOut('expired');
    // Another tab signed in or out: the session is shared through localStorage.
    const onStorage = (event: StorageEvent) => {
      if (event.key === SESSION_STORAGE_KEY || event.key === null) void readStored();
    };
    sessionEvents.addEventListener(SESSION_EXPIRED, onExpired);
    window.addEventListener('storage', onStorage);
    return () => {
      sessionEvents.removeEventListener(SESSION_EXPIRED, onExpired);
      window.removeEventListener('storage', onStorage);
    };
  }, [signedOut]);

  const value = useMemo<SessionContextValue>(() => {
    const signedIn = () => {
      queryClient.clear();
      setReason(undefined);
      setStatus('signed-in');
    };
    return {
      status,
      reason,
      signIn: async (token) => {
        await portal.auth.validate({ token });
        signedIn();
      },
      signInWithCode: async (request) => {
        await portal.auth.verifyCode(request);
        signedIn();
      },
      signOut: async () => {
        try {
          await portal.auth.logout();
        } finally {
          signedOut('signed-out');
        }
      },
    };
  }, [status, reason, queryClient, signedOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a SessionProvider');
  return value;
}
