import type { Avatar } from '@portal/client';
import { useRef } from 'react';
import { useAvatarChange } from '../data/picture-queries';
import { describeError } from './describe-error';

/** Uploads (PNG, JPEG or WebP) or removes the user's own picture; the API's refusal is shown as it says it. */
export function AvatarForm({ avatar }: { avatar: Avatar | null }) {
  const input = useRef<HTMLInputElement>(null);
  const { upload, remove } = useAvatarChange();
  const busy = upload.isPending || remove.isPending;
  const error = upload.error ?? remove.error;
  return (
    <div className="avatar-form">
      <label className="file-button">
        {avatar ? 'Change picture' : 'Upload a picture'}
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/webp"
          disabled={busy}
          onChange={(event) => {
            const file = event.target.files?.[0];
            // Emptied after each try, so that choosing the same file again uploads it again.
            const clear = () => {
              if (input.current) input.current.value = '';
            };
            if (file) upload.mutate(file, { onSettled: clear });
          }}
        />
      </label>
      {avatar && (
        <button type="button" className="secondary" disabled={busy} onClick={() => remove.mutate()}>
          Remove picture
        </button>
      )}
      {busy && <span aria-live="polite">Saving…</span>}
      {error !== null && <p role="alert">{describeError(error)}</p>}
    </div>
  );
}
