import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { AdminError, EXIT } from '../../errors/admin-error.js';
import { RECORD_LISTS, type SoundRecords } from './import-document.js';

/** The import format: a JSON Schema kept in the repository, beside `src` (and `dist`) at the same depth. */
const importSchemaUrl = new URL('../../../schemas/portal-import.schema.json', import.meta.url);

let ajv: Ajv2020 | undefined;
let schemaId = '';

function schemaValidator(pointer = '') {
  if (!ajv) {
    // allErrors: the operator fixes every problem of a file in one go rather than one per run.
    ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
    addFormats.default(ajv, ['email', 'date', 'date-time']);
    const schema = JSON.parse(readFileSync(importSchemaUrl, 'utf8'));
    schemaId = schema.$id;
    ajv.addSchema(schema);
  }
  return ajv.getSchema(`${schemaId}#${pointer}`) as NonNullable<ReturnType<Ajv2020['getSchema']>>;
}

/** What is wrong with `document` against the import schema, every problem with its path; none when valid. */
export function shapeProblems(document: unknown): string[] {
  const validate = schemaValidator();
  if (validate(document)) return [];
  return [...new Set((validate.errors ?? []).map(describe))];
}

/**
 * The records of `document` that have the shape of their list's items, with where they stand: what the
 * reference checks can read even in a file with schema problems.
 */
export function soundRecords(document: unknown): SoundRecords {
  const doc = (document !== null && typeof document === 'object' ? document : {}) as Record<string, unknown>;
  const sound = Object.fromEntries(
    RECORD_LISTS.map((kind) => {
      const list = Array.isArray(doc[kind]) ? (doc[kind] as unknown[]) : [];
      const validate = schemaValidator(`/properties/${kind}/items`);
      const located = list.flatMap((record, i) =>
        validate(record) ? [{ record, at: `/${kind}/${i}` }] : [],
      );
      return [kind, located];
    }),
  );
  return sound as SoundRecords;
}

/** A command-line value and the import schema's rule for the same field (a pointer into the schema). */
export type OptionCheck = [option: string, value: unknown, pointer: string];

/**
 * Checks command-line values against the rules the import schema has for the same fields, so both ways in
 * accept exactly the same data. Throws one error listing every value at fault; undefined values pass.
 */
export function checkOptions(checks: OptionCheck[]): void {
  const problems = checks.flatMap(([option, value, pointer]) => {
    const validate = schemaValidator(pointer);
    if (value === undefined || validate(value)) return [];
    const reasons = (validate.errors ?? []).map((e) => describe(e).replace(/^\/: /, ''));
    return [`--${option} ${JSON.stringify(value)}: ${reasons.join('; ')}`];
  });
  if (problems.length > 0)
    throw new AdminError('Invalid option values; fix these and run the command again:', EXIT.usage, problems);
}

/** The error for a file with problems; nothing of it was written. */
export function invalidFile(source: string, problems: string[]): AdminError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new AdminError(
    `${source} is not a valid import file (${count}); nothing was imported. Fix these and run the command again:`,
    undefined,
    problems,
  );
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${join(at, params.missingProperty)}: is required`;
    case 'additionalProperties':
      return `${join(at, params.additionalProperty)}: is not a known field`;
    case 'enum':
      return `${at}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at}: ${error.message ?? 'is not valid'}`;
  }
}

const join = (path: string, field: unknown) => `${path === '/' ? '' : path}/${String(field)}`;
