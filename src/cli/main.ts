#!/usr/bin/env node
/**
 * cli/: the top of the layers. Parses arguments, runs a command, picks the
 * exit code; no linting logic. May import: every folder below it. Imported
 * by: nothing (this file is the `citemark` bin).
 */
import { run } from './run.js';

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`citemark: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
