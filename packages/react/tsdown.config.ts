import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  // As @portal/client: React Native's Hermes and older browsers, no newer syntax than ES2020.
  target: 'es2020',
  sourcemap: true,
  dts: true,
  // React, TanStack Query, openapi-react-query and the SDK stay external: nothing is bundled.
  deps: { onlyBundle: [] },
});
