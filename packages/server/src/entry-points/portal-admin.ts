#!/usr/bin/env node
import { runCli } from './admin-cli/run-cli.js';

// The entry point of `pnpm portal-admin`: the process's arguments, environment and streams.
const exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.env.INIT_CWD ?? process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = exitCode;
