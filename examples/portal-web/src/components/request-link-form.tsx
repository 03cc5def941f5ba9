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
      <Field
        label="Email"
        type="email"
        autoComplete="email"
        value={request.email}
        error={invalid.email}
        onChange={(email) => setRequest({ ...request, email })}
      />
      <Field
        label="Tenant code"
        autoComplete="organization"
        value={request.tenantCode}
        error={invalid.tenantCode}
        onChange={(tenantCode) => setRequest({ ...request, tenantCode })}
      />
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

interface FieldProps {
  label: string;
  type?: string;
  autoComplete: string;
  value: string;
  /** The API's message for this field, from a 400 answer. */
  error: string | undefined;
  onChange(value: string): void;
}

function Field({ label, type = 'text', autoComplete, value, error, onChange }: FieldProps) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        required
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}
