import type { SignIn } from '@portal/client';
import { useEndSignIn, useLogout, useSignIns } from '@portal/react';
import { describeError } from '../components/describe-error';
import { QueryState } from '../components/query-state';

/** Where the user is signed in: this device marked, any other one ended, or all the others at once. */
export function DevicesPage() {
  const signIns = useSignIns();
  const endOne = useEndSignIn();
  const endOthers = useLogout();
  const failure = endOne.error ?? endOthers.error;
  return (
    <>
      <h1>Your devices</h1>
      <p className="muted">Where you are signed in. End any sign-in you do not recognise.</p>
      {failure && (
        <p role="alert" className="error">
          {describeError(failure)}
        </p>
      )}
      <QueryState query={signIns}>
        {(items) => (
          <section aria-label="Sign-ins" className="documents">
            <table>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Network</th>
                  <th scope="col">Signed in</th>
                  <th scope="col">Last active</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <SignInRow
                    key={s.id}
                    signIn={s}
                    ending={endOne.isPending}
                    onEnd={() => endOne.mutate(s.id)}
                  />
                ))}
              </tbody>
            </table>
            <button
              type="button"
              className="secondary"
              disabled={endOthers.isPending || items.every((s) => s.current)}
              onClick={() => endOthers.mutate({ scope: 'others' })}
            >
              {endOthers.isPending ? 'Signing out…' : 'Sign out of all other devices'}
            </button>
          </section>
        )}
      </QueryState>
    </>
  );
}

function SignInRow({ signIn, ending, onEnd }: { signIn: SignIn; ending: boolean; onEnd(): void }) {
  return (
    <tr>
      <td>
        {signIn.device}
        {signIn.current && <strong className="current-device"> · This device</strong>}
      </td>
      <td>{signIn.network ?? 'Unknown'}</td>
      <td>{formatTime(signIn.createdAt)}</td>
      <td>{formatTime(signIn.lastUsedAt)}</td>
      <td>
        {/* This device signs out with the header's button, which also takes the user to the sign-in page. */}
        {!signIn.current && (
          <button type="button" className="secondary" disabled={ending} onClick={onEnd}>
            Sign out
          </button>
        )}
      </td>
    </tr>
  );
}

const formatTime = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
