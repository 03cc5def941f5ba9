import type { MagicLinkRequest } from '@portal/client';
import { type FormEvent, useId, useState } from 'react';
import { portal } from '../portal';
import { describeError, fieldErrors } from './describe-error';
import { loadLastSignIn, saveLastSignIn } from './last-sign-in';

interface RequestLinkFormProps {
  submitLabel: string;
  onSent(request: MagicLinkRequest): void;
}

/** Email and tenant code; asks the API to mail a sign-in link. */
export function RequestLinkForm({ submitLabel, onSent }: RequestLinkFormProps) {
  const id = useId();
  const [request, setRequest] = useState(loadLastSignIn);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>();
  const invalid = fieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = { email: request.email.trim(), tenantCode: request.tenantCode.trim() };
    setPending(true);
    setError(undefined);
    try {
      await portal.auth.requestMagicLink(trimmed);
      saveLastSignIn(trimmed);
      onSent(trimmed);
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-busy={pending}>
      <label htmlFor={`${id}-email`}>Email</label>
      <input
        id={`${id}-email`}
        type="email"
        autoComplete="email"
        required
        value={request.email}
        aria-invalid={invalid.email ? true : undefined}
        onChange={(e) => setRequest({ ...request, email: e.target.value })}
      />
      {invalid.email && <p className="field-error">{invalid.email}</p>}
      <label htmlFor={`${id}-tenant`}>Tenant code</label>
      <input
        id={`${id}-tenant`}
        autoComplete="organization"
        required
        value={request.tenantCode}
        aria-invalid={invalid.tenantCode ? true : undefined}
        onChange={(e) => setRequest({ ...request, tenantCode: e.target.value })}
      />
      {invalid.tenantCode && <p className="field-error">{invalid.tenantCode}</p>}
      {error !== undefined && Object.keys(invalid).length === 0 && (
        <p role="alert" className="error">
          {describeError(error)}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? 'Sending…' : submitLabel}
      </button>
    </form>
  );
}
