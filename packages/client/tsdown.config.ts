import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  // React Native's Hermes and older browsers: no newer syntax than ES2020 in the output.
  target: 'es2020',
  sourcemap: true,
  dts: true,
  // openapi-fetch stays an external dependency and nothing from node_modules may be bundled. The
  // contract's types (a workspace devDependency) are inlined into the declarations, so consumers need no
  // other @portal package.
  deps: { onlyBundle: [] },
});
