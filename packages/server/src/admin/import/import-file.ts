import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Knex } from 'knex';
import { AdminError, EXIT } from '../../errors/admin-error.js';
import { checkReferences } from './check-references.js';
import type { ImportDocument } from './import-document.js';
import { readPictures, savePictures } from './import-pictures.js';
import { invalidFile, shapeProblems, soundRecords } from './validate-shape.js';
import { type ImportCounts, writeImport } from './write-import.js';

/**
 * Imports a document: checks its shape against the schema and, in one transaction, the references and
 * conflicts of its well-shaped records with the database, then writes it. Pictures it names as files in
 * `baseDir` go through the image pipeline first. Any problem aborts the whole import, listing every
 * problem of every kind at once; nothing is written.
 */
export async function importDocument(
  db: Knex,
  document: unknown,
  source: string,
  baseDir?: string,
): Promise<ImportCounts> {
  const schemaProblems = shapeProblems(document);
  const read =
    schemaProblems.length === 0
      ? await readPictures(document as ImportDocument, baseDir)
      : { document: document as ImportDocument, pictures: [], problems: [] };
  return db.transaction(async (trx) => {
    const problems = [
      ...schemaProblems,
      ...read.problems,
      ...(await checkReferences(trx, soundRecords(document))),
    ];
    if (problems.length > 0) throw invalidFile(source, problems);
    const counts = await writeImport(trx, read.document);
    await savePictures(trx, read.pictures);
    return counts;
  });
}

/** Reads and imports the JSON file at `path`. */
export async function importFile(db: Knex, path: string): Promise<ImportCounts> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new AdminError(`Cannot read ${path}: ${(err as Error).message}. Check the path.`, EXIT.usage);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new AdminError(`${path} is not valid JSON: ${(err as Error).message}`, EXIT.dataError);
  }
  return importDocument(db, document, path, dirname(path));
}
