import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsdown';

// The contract's sources, bundled in: this package's own build needs no other package built first.
const contractSource = (file: string) => fileURLToPath(new URL(`../contract/src/${file}`, import.meta.url));

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts', browser: 'src/browser.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'node20',
  sourcemap: true,
  clean: true,
  // Dependencies stay dependencies; publint and attw check the exports map on every build.
  deps: { neverBundle: [/^msw(\/|$)/, 'openapi-msw', /^@faker-js\/faker/, /^ajv/, 'bowser'] },
  // The contract (a workspace devDependency) is inlined, code and declarations, from its sources.
  alias: {
    '@portal/contract/ajv': contractSource('contract-ajv.ts'),
    '@portal/contract': contractSource('index.ts'),
  },
  publint: true,
  attw: { profile: 'node16', level: 'error' },
  // An import that does not resolve is an error, not a warning and an external left in the output.
  failOnWarn: true,
  checks: { pluginTimings: false },
});
