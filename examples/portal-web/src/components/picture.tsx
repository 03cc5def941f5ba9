import type { Avatar } from '@portal/client';
import { usePictureUrl } from '../data/picture-queries';

/**
 * A person's picture or a company's logo: the avatar's thumbnail (128 pixels) by its signed URL, or the
 * initials of `name` while there is none (no picture, still loading, or refused).
 */
export function Picture({ avatar, name, size }: { avatar: Avatar | null; name: string; size: number }) {
  const url = usePictureUrl(avatar?.thumbnailBlobId);
  const style = { width: size, height: size };
  if (!avatar || !url.data) {
    return (
      <span
        className="picture initials"
        style={{ ...style, fontSize: size / 2.6 }}
        role="img"
        aria-label={name}
      >
        {initialsOf(name)}
      </span>
    );
  }
  return <img className="picture" src={url.data} alt={name} style={style} />;
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
}
