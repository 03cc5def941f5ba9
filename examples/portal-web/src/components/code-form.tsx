import type { MagicLinkRequest } from '@portal/client';
import { useSignInWithCode } from '@portal/react';
import { type FormEvent, useId, useState } from 'react';
import { CODE_ATTEMPTS_PER_MAIL, describeCodeError, readCode } from './sign-in-code';

/**
 * The one-time code of the sign-in mail, for the person who reads the mail on another device: typed or
 * pasted here, it signs this device in. The code has letters, so no numeric keyboard; `one-time-code` lets
 * phones offer the code from a mail or message.
 */
export function CodeForm({ sent }: { sent: MagicLinkRequest }) {
  const signInWithCode = useSignInWithCode();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string>();
  const [wrong, setWrong] = useState(0);
  const exhausted = wrong >= CODE_ATTEMPTS_PER_MAIL;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const code = readCode(typed);
    if (!code) {
      setMessage('A code has 8 letters and digits, like 7KQM-P3XR. Check the mail and try again.');
      return;
    }
    setPending(true);
    setMessage(undefined);
    try {
      await signInWithCode.mutateAsync({ ...sent, code });
    } catch (error) {
      const wrongNow = (error as { status?: number }).status === 401 ? wrong + 1 : wrong;
      setWrong(wrongNow);
      setMessage(describeCodeError(error, wrongNow));
      setPending(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-busy={pending}>
      <label htmlFor={id}>Code from the mail</label>
      <input
        id={id}
        name="one-time-code"
        autoComplete="one-time-code"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        placeholder="XXXX-XXXX"
        maxLength={20}
        required
        disabled={exhausted}
        value={typed}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-error` : undefined}
        onChange={(e) => setTyped(e.target.value)}
      />
      {message && (
        <p id={`${id}-error`} role="alert" className="error">
          {message}
        </p>
      )}
      <button type="submit" disabled={pending || exhausted}>
        {pending ? 'Signing in…' : 'Sign in with the code'}
      </button>
    </form>
  );
}
