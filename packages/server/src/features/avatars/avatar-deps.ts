import type { Knex } from 'knex';
import type { BlobStore } from '../../blobs/blob-store.js';
import type { RateLimits } from '../../rate-limit/rate-limits.js';
import type { BlobLinks } from './blob-links.js';

/** What the avatar and blob use cases work with. */
export interface AvatarDeps {
  db: Knex;
  store: BlobStore;
  links: BlobLinks;
  rateLimits: Pick<RateLimits, 'avatarPerUser'>;
  clock: () => Date;
}
