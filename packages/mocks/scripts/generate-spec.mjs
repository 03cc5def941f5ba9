// Embeds openapi/portal.yaml in the mocks as a JSON module: the handlers validate requests against it in
// Node and in the browser, where the YAML file cannot be read. `pnpm generate` runs this; CI fails when the
// embedded copy is stale (`pnpm generate:check`).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const source = fileURLToPath(new URL('../../../openapi/portal.yaml', import.meta.url));
const target = fileURLToPath(new URL('../src/generated/portal-spec.ts', import.meta.url));

const spec = parse(readFileSync(source, 'utf8'));
const text = `// Generated from openapi/portal.yaml by \`pnpm generate\` (scripts/generate-spec.mjs) — do not edit.
import type { OpenApiDocument } from '../contract/openapi-document.js';

const document = ${JSON.stringify(spec, null, 2)};

/** openapi/portal.yaml, as data. */
export const portalSpec: OpenApiDocument = document;
`;
writeFileSync(target, text);
