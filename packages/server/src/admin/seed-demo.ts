import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { findTenantByCode } from './admin-repository.js';
import { importDocument } from './import/import-file.js';
import type { ImportCounts } from './import/write-import.js';

/**
 * The demo data: an import document like any other, kept beside `src` at the same depth as `dist`, with
 * the pictures it names (small PNGs) in the same folder.
 */
const demoDocumentUrl = new URL('../../demo/demo.json', import.meta.url);
const DEMO_TENANT_CODE = 'demo';

/**
 * Loads the demo tenant, its clients, users and business records. Upserts by external id, so running it
 * again restores the demo records and changes nothing else; with `ifAbsent`, does nothing when a tenant
 * with the demo code exists (`pnpm start` uses this).
 */
export async function seedDemo(
  db: Knex,
  options: { ifAbsent: boolean },
): Promise<{ seeded: boolean; counts?: ImportCounts }> {
  if (options.ifAbsent && (await findTenantByCode(db, DEMO_TENANT_CODE))) return { seeded: false };
  const document = JSON.parse(readFileSync(demoDocumentUrl, 'utf8'));
  const folder = fileURLToPath(new URL('.', demoDocumentUrl));
  return { seeded: true, counts: await importDocument(db, document, 'the demo data', folder) };
}
