import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-spec.js';

const worker = fileURLToPath(new URL('./load-worker.js', import.meta.url));

/**
 * Runs one load run from a separate process, always on the Node that runs the bench, so the load
 * generator stays the same whichever Node runs the server.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [worker, JSON.stringify(spec)],
      { timeout: (spec.durationSeconds + 60) * 1000, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`load worker failed: ${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as LoadResult);
      },
    );
  });
}
