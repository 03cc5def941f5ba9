import { type MagicLinkRequest, PortalApiError } from '@portal/client';
import { useSession, useSignInWithLink } from '@portal/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { describeError } from '../components/describe-error';
import { RequestLinkForm } from '../components/request-link-form';

type Step = { kind: 'ready' } | { kind: 'signing-in' } | { kind: 'failed'; error: unknown };

/**
 * The page a mailed link opens: `/auth/magic#token=...`. The token is redeemed only when the person clicks
 * "Sign in": mail scanners open links to inspect them, and must not use up the single-use token.
 *
 * The token leaves the address bar and the history as soon as the page has read it, whatever happens next
 * (a refused link, a rate limit, no network): a bookmark, a shared screen or the next person at this browser
 * must not find it. It stays in memory for a retry.
 */
export function MagicLinkPage() {
  const { hash, pathname } = useLocation();
  const navigate = useNavigate();
  const inAddress = new URLSearchParams(hash.slice(1)).get('token');
  const remembered = useRef(inAddress);
  if (inAddress) remembered.current = inAddress;
  useEffect(() => {
    if (inAddress) navigate(pathname, { replace: true });
  }, [inAddress, pathname, navigate]);
  const token = remembered.current;
  // Keyed by the token: another link opened in this tab starts over.
  return <MagicLinkScreen key={token} token={token} />;
}

function MagicLinkScreen({ token }: { token: string | null }) {
  const { status } = useSession();
  const signIn = useSignInWithLink();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>({ kind: 'ready' });

  if (!token) {
    return (
      <NewLinkScreen title="This link is incomplete">
        The sign-in link lacks its token: it may have been cut when it was copied. Open it from the mail
        again, or ask for a new one.
      </NewLinkScreen>
    );
  }
  if (step.kind === 'failed' && isUnusableLink(step.error)) {
    return (
      <NewLinkScreen title="This link has expired or was already used">
        A sign-in link works once, and only for a few minutes. Ask for a new one and use the newest mail.
        {status === 'signed-in' && (
          <>
            {' '}
            You are still signed in on this device: <Link to="/">go to your dashboard</Link>.
          </>
        )}
      </NewLinkScreen>
    );
  }

  async function confirm() {
    if (!token) return;
    setStep({ kind: 'signing-in' });
    try {
      await signIn.mutateAsync(token);
      // Replaces the entry: the token leaves the address bar and the history.
      navigate('/', { replace: true });
    } catch (error) {
      setStep({ kind: 'failed', error });
    }
  }

  return (
    <main className="card narrow">
      <h1>Sign in to the portal</h1>
      <p>Continue to sign in with the link from your mail.</p>
      {step.kind === 'failed' && (
        <p role="alert" className="error">
          {describeError(step.error)}
        </p>
      )}
      <button type="button" onClick={confirm} disabled={step.kind === 'signing-in'}>
        {step.kind === 'signing-in' ? 'Signing in…' : 'Sign in'}
      </button>
    </main>
  );
}

/** 401 is the server's one answer for an unknown, expired or used token (it does not tell which); 400, malformed. */
function isUnusableLink(error: unknown): boolean {
  return error instanceof PortalApiError && (error.status === 401 || error.status === 400);
}

function NewLinkScreen({ title, children }: { title: string; children: ReactNode }) {
  const [sent, setSent] = useState<MagicLinkRequest>();
  return (
    <main className="card narrow">
      <h1>{title}</h1>
      <p>{children}</p>
      {sent ? (
        <p role="status" className="notice">
          A new link is on its way to <strong>{sent.email}</strong> if it has an account with{' '}
          <strong>{sent.tenantCode}</strong>. Check your mail.
        </p>
      ) : (
        <RequestLinkForm submitLabel="Email me a new link" onSent={setSent} />
      )}
    </main>
  );
}
