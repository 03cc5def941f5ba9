// Generates, from openapi/portal.yaml, what the server, the SDK and the mocks know of the contract at run time:
// src/generated/operations.gen.ts (one entry of facts per operation) and src/generated/document.gen.ts (the
// whole document as data, for the request validators; nothing parses the YAML at run time). `pnpm generate`
// runs this after openapi-typescript; CI fails when the output is stale (`pnpm generate:check`).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { commonBasePath, readOperationFacts } from './read-operation-facts.mjs';

const source = fileURLToPath(new URL('../../../openapi/portal.yaml', import.meta.url));
const target = (name) => fileURLToPath(new URL(`../src/generated/${name}`, import.meta.url));
const HEADER = (what) =>
  `// Generated from openapi/portal.yaml by \`pnpm generate\` (packages/contract/scripts/generate-facts.mjs): ${what}.\n// Do not edit.\n`;

const spec = parse(readFileSync(source, 'utf8'));
const facts = readOperationFacts(spec);
const apiBasePath = commonBasePath(Object.values(facts).map((f) => f.path));

writeFileSync(
  target('operations.gen.ts'),
  `${HEADER('the facts of every operation')}import type { OperationFacts } from '../operation-facts.js';
import type { operations as OperationTypes } from './portal.js';

/** Every operation of the contract, by operationId, in document order. */
export const operationFacts = ${JSON.stringify(facts, null, 2)} as const satisfies { [Id in keyof OperationTypes]: OperationFacts };

/** The path every operation of the API starts with. */
export const apiBasePath = ${JSON.stringify(apiBasePath)};

/** The contract's first server: where the development server listens. */
export const defaultServerUrl = ${JSON.stringify(spec.servers?.[0]?.url ?? 'http://localhost:18080')};
`,
);

writeFileSync(
  target('document.gen.ts'),
  `${HEADER('the whole document, as data')}import type { OpenApiDocument } from '../openapi-document.js';

const document = ${JSON.stringify(spec, null, 2)};

/** openapi/portal.yaml, as data: what the request validators and \`/openapi.json\` are built from. */
export const portalDocument: OpenApiDocument = document;
`,
);
