import { spawnSync } from 'node:child_process';

/**
 * Debian's `promtool` (package `prometheus`), which checks what Prometheus itself would accept. CI installs
 * it (.ci/run) and must not skip these checks: under CI=true a missing promtool fails the test file.
 * Elsewhere the tests that need it are skipped, and say why in their name.
 */
export const promtool: string | undefined = (() => {
  const found = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return 'promtool';
  if (process.env.CI === 'true') {
    throw new Error(
      'promtool is not installed, and CI must run the metrics checks: apt-get install prometheus',
    );
  }
  return undefined;
})();

export const PROMTOOL_MISSING = promtool
  ? ''
  : ' (SKIPPED: promtool not installed; apt-get install prometheus)';

/** Runs promtool with `args` (and `input` on stdin); resolves with its exit code and what it printed. */
export function runPromtool(args: string[], input?: string): { status: number | null; output: string } {
  const run = spawnSync(promtool ?? 'promtool', args, { encoding: 'utf8', input });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
