import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startPortalServer } from '../targets/start-targets.js';
import type { SuiteContext } from './suite-context.js';

/**
 * Start-up to ready on the embedded database (PGlite), in production mode: first on an empty directory
 * (the database is created and migrated), then again on the same directory (the usual restart).
 */
export async function embeddedStartup(ctx: SuiteContext): Promise<{ firstMs: number; restartMs: number }> {
  const dir = mkdtempSync(path.join(ctx.workDir, 'pglite-'));
  const env = { DATABASE_URL: '', DATA_DIR: dir, PGLITE_DIR: path.join(dir, 'pglite') };
  try {
    const first = await startPortalServer(ctx, env);
    await first.stop();
    const again = await startPortalServer(ctx, env);
    await again.stop();
    return { firstMs: first.readyMs, restartMs: again.readyMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
