// Removes from a deployed artifact (`pnpm deploy --prod`) what Node never loads at run time: source maps,
// TypeScript sources and declarations, read-me and change-log files, and the test folders some packages ship
// (bintrees: 2 MB of benchmarks). Licences stay. About a third of the
// folder on disk (docs/operating.md); the artifact test runs the server from the pruned folder.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const UNUSED = /(\.map|\.ts|\.mts|\.cts|\.tsbuildinfo|^(readme|changelog|history)(\.md|\.markdown)?)$/i;
const TEST_FOLDERS = new Set(['test', 'tests', '__tests__']);

const root = process.argv[2];
if (!root) {
  console.error('usage: prune-artifact.mjs DIR');
  process.exit(2);
}
let removed = 0;
// withFileTypes does not follow symbolic links: pnpm's links between packages are walked once, at their target.
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  const unusedFile = entry.isFile() && UNUSED.test(entry.name);
  // Only a package's own top-level test folder (next to its package.json), never one of its modules.
  const testFolder =
    entry.isDirectory() &&
    TEST_FOLDERS.has(entry.name) &&
    entry.parentPath.includes(`node_modules${path.sep}`) &&
    existsSync(path.join(entry.parentPath, 'package.json'));
  if (unusedFile || testFolder) {
    // A file inside a test folder removed before it is already gone.
    rmSync(path.join(entry.parentPath, entry.name), { recursive: true, force: true });
    removed += 1;
  }
}
console.log(`pruned ${removed} files from ${root}`);
