// Removes from a deployed artifact (`pnpm deploy --prod`) what Node never loads at run time: source maps,
// TypeScript sources and declarations, read-me and change-log files, and the test folders some packages ship
// (bintrees: 2 MB of benchmarks). Licences stay. About a third of the folder on disk (docs/operating.md);
// the artifact test runs the server from the pruned folder. The package's own `exports` lose the entries whose
// files its `files` field left out (the workspace-only `./testing` and `./internals`).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const UNUSED = /(\.map|\.ts|\.mts|\.cts|\.tsbuildinfo|^(readme|changelog|history)(\.md|\.markdown)?)$/i;
const TEST_FOLDERS = new Set(['test', 'tests', '__tests__']);

const root = process.argv[2];
if (!root) {
  console.error('usage: prune-artifact.mjs DIR');
  process.exit(2);
}
let removed = 0;
// Walks real folders only: pnpm's symbolic links between packages would visit a package many times over
// (and Node's recursive readdir follows them on some versions).
function prune(dir) {
  const isPackage = dir.includes(`node_modules${path.sep}`) && existsSync(path.join(dir, 'package.json'));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Only a package's own top-level test folder (next to its package.json), never one of its modules.
    if (
      (entry.isFile() && UNUSED.test(entry.name)) ||
      (entry.isDirectory() && isPackage && TEST_FOLDERS.has(entry.name))
    ) {
      rmSync(full, { recursive: true });
      removed += 1;
    } else if (entry.isDirectory()) {
      prune(full);
    }
  }
}
prune(root);
dropUnshippedExports(path.join(root, 'package.json'));
console.log(`pruned ${removed} files and folders from ${root}`);

function dropUnshippedExports(manifestPath) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (typeof manifest.exports !== 'object' || manifest.exports === null) return;
  const dir = path.dirname(manifestPath);
  for (const [entry, target] of Object.entries(manifest.exports)) {
    const file = typeof target === 'string' ? target : target?.default;
    if (typeof file === 'string' && !existsSync(path.join(dir, file))) {
      delete manifest.exports[entry];
      removed += 1;
    }
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
