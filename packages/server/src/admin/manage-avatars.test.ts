import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBlobStore } from '../blobs/blob-store.js';
import { databaseKinds } from '../testing/test-database.js';
import { type CliDatabase, cli, createCliDatabase, withDatabase } from '../tests/support/cli-harness.js';
import { jpegWithGpsExif, solidImage, svgWithScript } from '../tests/support/test-images.js';

describe.each(databaseKinds())('portal-admin avatar set|remove, and pictures in imports, on %s', (kind) => {
  let database: CliDatabase;
  let dir: string;
  let clientId: string;
  const file = (name: string, bytes: Uint8Array | string) => {
    const at = path.join(dir, name);
    writeFileSync(at, bytes);
    return at;
  };
  const blobCount = () =>
    withDatabase(database.env, async (db) => Number((await db('blobs').count({ n: '*' }))[0]?.n));

  beforeAll(async () => {
    database = await createCliDatabase(kind);
    dir = mkdtempSync(path.join(os.tmpdir(), 'portal-avatar-'));
    await cli(database.env, 'tenant', 'create', '--code', 'north', '--name', 'North', '--currency', 'EUR');
    const client = await cli(database.env, 'client', 'create', '--tenant', 'north', '--name', 'Fjord Ltd');
    clientId = client.json().id as string;
    await cli(
      database.env,
      ...['user', 'create', '--tenant', 'north', '--client', clientId, '--email', 'ola@fjord.example'],
      ...['--first-name', 'Ola', '--last-name', 'N'],
    );
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it("sets a user's picture through the image pipeline: stored without its EXIF", async () => {
    const run = await cli(
      database.env,
      ...['avatar', 'set', '--tenant', 'north', '--email', 'Ola@fjord.example'],
      ...['--file', file('ola.jpg', await jpegWithGpsExif())],
    );
    expect(run.stderr).toBe('');
    expect(run.json()).toMatchObject({ tenantCode: 'north', avatar: { width: 40, height: 20 } });
    const blobId = (run.json().avatar as { blobId: string }).blobId;
    await withDatabase(database.env, async (db) => {
      const user = await db('portal_users').where({ email: 'ola@fjord.example' }).first();
      expect(user.avatar_blob_id).toBe(blobId);
      const bytes = await postgresBlobStore.read(db, user.tenant_id, blobId);
      expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    });
  });

  it("sets and removes a client's logo by its id", async () => {
    const set = await cli(
      database.env,
      ...[
        'avatar',
        'set',
        '--tenant',
        'north',
        '--client',
        clientId,
        '--file',
        file('logo.png', await solidImage('png')),
      ],
    );
    expect(set.json()).toMatchObject({ clientId, avatar: { width: 64, height: 48 } });
    const removed = await cli(database.env, 'avatar', 'remove', '--tenant', 'north', '--client', clientId);
    expect(removed.json()).toEqual({ tenantCode: 'north', clientId, avatar: null });
  });

  it('refuses an SVG with the reason, and stores nothing', async () => {
    const before = await blobCount();
    const run = await cli(
      database.env,
      ...[
        'avatar',
        'set',
        '--tenant',
        'north',
        '--email',
        'ola@fjord.example',
        '--file',
        file('x.svg', svgWithScript),
      ],
    );
    expect(run.exitCode).toBe(65);
    expect(run.stderr).toMatch(/must be a PNG, JPEG or WebP image/);
    expect(await blobCount()).toBe(before);
  });

  it('wants exactly one of --email and --client', async () => {
    const both = await cli(
      database.env,
      ...['avatar', 'remove', '--tenant', 'north', '--email', 'ola@fjord.example', '--client', clientId],
    );
    expect(both.exitCode).toBe(64);
    expect((await cli(database.env, 'avatar', 'remove', '--tenant', 'north')).exitCode).toBe(64);
  });

  it('imports pictures named as files next to the import file, and refuses one that is no image', async () => {
    file('fjord.webp', await solidImage('webp', 300, 300));
    const document = (picture: string) => ({
      clients: [{ tenantCode: 'north', externalId: 'c-fjord', name: 'Fjord Ltd', avatar: { file: picture } }],
    });
    const ok = await cli(database.env, 'import', file('ok.json', JSON.stringify(document('fjord.webp'))));
    expect(ok.stderr).toBe('');
    await withDatabase(database.env, async (db) => {
      const client = await db('clients').where({ external_id: 'c-fjord' }).first();
      expect(client).toMatchObject({ avatar_width: 300, avatar_height: 300 });
      expect(
        await db('blobs').where({ tenant_id: client.tenant_id, id: client.avatar_blob_id }).first(),
      ).toMatchObject({
        media_type: 'image/webp',
      });
    });

    file('bad.png', svgWithScript);
    const before = await blobCount();
    const bad = await cli(database.env, 'import', file('bad.json', JSON.stringify(document('bad.png'))));
    expect(bad.exitCode).toBe(65);
    expect(bad.stderr).toMatch(
      /\/clients\/0\/avatar\/file: bad.png: The body must be a PNG, JPEG or WebP image/,
    );
    const missing = await cli(
      database.env,
      'import',
      file('missing.json', JSON.stringify(document('none.png'))),
    );
    expect(missing.stderr).toMatch(/none.png: cannot read it/);
    expect(await blobCount()).toBe(before);
  });
});
