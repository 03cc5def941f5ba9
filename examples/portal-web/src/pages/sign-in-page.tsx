import type { MagicLinkRequest, SignOutReason } from '@portal/client';
import { useSession } from '@portal/react';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { CodeForm } from '../components/code-form';
import { RequestLinkForm } from '../components/request-link-form';

const ENDED = 'Your session has ended. Request a new link to sign in again.';
const NOTICES: Record<SignOutReason, string> = {
  expired: ENDED,
  revoked: ENDED,
  logout: 'You are signed out.',
  other_tab: 'You signed out in another tab.',
};

/** Email and tenant code in, "check your mail" out. */
export function SignInPage() {
  const { status, reason } = useSession();
  const [sent, setSent] = useState<MagicLinkRequest>();
  if (status === 'signed-in') return <Navigate to="/" replace />;

  if (sent) return <CheckYourMail sent={sent} onBack={() => setSent(undefined)} />;
  return (
    <main className="card narrow">
      <h1>Sign in</h1>
      {reason && (
        <p role="status" className="notice">
          {NOTICES[reason]}
        </p>
      )}
      <p>We will email you a link that signs you in. No password needed.</p>
      <RequestLinkForm submitLabel="Email me a sign-in link" onSent={setSent} />
    </main>
  );
}

function CheckYourMail({ sent, onBack }: { sent: MagicLinkRequest; onBack(): void }) {
  return (
    <main className="card narrow">
      <h1>Check your mail</h1>
      <p>
        If <strong>{sent.email}</strong> has an account with <strong>{sent.tenantCode}</strong>, a sign-in
        link is on its way. Open it soon: it expires after a few minutes and works once.
      </p>
      <p>Reading your mail on another device? Type the code from the mail here instead.</p>
      <CodeForm sent={sent} />
      <p className="muted">No mail? Check your spam folder, or ask for another link.</p>
      <button type="button" className="secondary" onClick={onBack}>
        Use another email or send again
      </button>
    </main>
  );
}
