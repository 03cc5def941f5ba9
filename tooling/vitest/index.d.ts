import type { ViteUserConfig } from 'vitest/config';

/** The shared vitest settings of a Portal package, with `overrides` merged over them. */
export function definePortalTests(overrides?: ViteUserConfig): ViteUserConfig;
