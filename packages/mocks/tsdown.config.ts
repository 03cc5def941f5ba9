import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts', browser: 'src/browser.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'node20',
  sourcemap: true,
  clean: true,
  // Dependencies stay dependencies; publint and attw check the exports map on every build.
  external: [/^msw(\/|$)/, 'openapi-msw', /^@faker-js\/faker/, /^ajv/, 'bowser'],
  publint: true,
  attw: { profile: 'node16', level: 'error' },
});
