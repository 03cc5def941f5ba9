import { readFileSync } from 'node:fs';
import type { OpenApiDocument } from '@portal/contract';
import { specPath } from '@portal/contract/spec-path';
import { parse } from 'yaml';

/**
 * `openapi/portal.yaml` itself, read from disk: the tests judge the server and the mocks by the file the
 * contract's owners edit, never by the generated copy both of them embed.
 */
export function readContractDocument(): OpenApiDocument {
  return parse(readFileSync(specPath, 'utf8')) as OpenApiDocument;
}
