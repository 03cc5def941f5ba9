import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsdown';

// The contract's sources, bundled in: this package's own build needs no other package built first.
const contract = fileURLToPath(new URL('../contract/src/index.ts', import.meta.url));

export default defineConfig({
  entry: ['src/index.ts', 'src/server.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  // React Native's Hermes and older browsers: no newer syntax than ES2020 in the output.
  target: 'es2020',
  sourcemap: true,
  dts: true,
  // openapi-fetch stays an external dependency and nothing from node_modules may be bundled. The
  // contract (a workspace devDependency) is inlined, code and declarations, from its sources, so
  // consumers need no other @portal package.
  alias: { '@portal/contract': contract },
  deps: { onlyBundle: [] },
  // An import that does not resolve is an error, not a warning and an external left in the output.
  failOnWarn: true,
  checks: { pluginTimings: false },
});
