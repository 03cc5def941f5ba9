import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { postgresBlobStore, saveBlobs } from '../../blobs/blob-store.js';
import { type ProcessedAvatar, processAvatarImage } from '../../blobs/image-pipeline.js';
import { ProblemError } from '../../errors/problem-error.js';
import type { AvatarInput, ImportDocument } from './import-document.js';

/** A picture of the document, read and processed, to be saved as blobs of its tenant. */
interface Picture {
  tenantCode: string;
  processed: ProcessedAvatar;
}

/**
 * Reads the picture files a document names (`"avatar": { "file": "ada.png" }`, next to the import file)
 * through the image pipeline, the same as uploads: returns the document with those avatars replaced by
 * the stored pictures' ids and sizes, the pictures to save, and a problem for each file that cannot be
 * read or is refused, by where it stands in the document.
 */
export async function readPictures(
  document: ImportDocument,
  baseDir: string | undefined,
): Promise<{ document: ImportDocument; pictures: Picture[]; problems: string[] }> {
  const resolved = structuredClone(document);
  const pictures: Picture[] = [];
  const problems: string[] = [];
  const lists = [
    ['clients', resolved.clients ?? []],
    ['users', resolved.users ?? []],
  ] as const;
  for (const [kind, records] of lists) {
    for (const [i, record] of records.entries()) {
      const avatar = record.avatar as { file?: string } | null | undefined;
      if (!avatar?.file) continue;
      const at = `/${kind}/${i}/avatar/file`;
      if (baseDir === undefined) {
        problems.push(`${at}: pictures can only be named in an import file`);
        continue;
      }
      try {
        const processed = await processAvatarImage(await readFile(path.join(baseDir, avatar.file)));
        pictures.push({ tenantCode: record.tenantCode, processed });
        record.avatar = avatarOf(processed);
      } catch (err) {
        const reason =
          err instanceof ProblemError ? err.detail : `cannot read it (${(err as Error).message})`;
        problems.push(`${at}: ${avatar.file}: ${reason}`);
      }
    }
  }
  return { document: resolved, pictures, problems };
}

/** Saves the pictures as blobs of their tenants, in the import's transaction (the tenants exist by now). */
export async function savePictures(trx: Knex.Transaction, pictures: readonly Picture[]): Promise<void> {
  for (const { tenantCode, processed } of pictures) {
    const tenant = await trx('tenants').where({ code: tenantCode }).first<{ id: string }>('id');
    if (tenant) await saveBlobs(trx, postgresBlobStore, tenant.id, [processed.image, processed.thumbnail]);
  }
}

function avatarOf({ image, thumbnail }: ProcessedAvatar): AvatarInput {
  return { blobId: image.id, thumbnailBlobId: thumbnail.id, width: image.width, height: image.height };
}
