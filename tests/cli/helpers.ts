import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `citemark …` in this process (no spawn): for messages and exit codes. The bin itself is run by `tests/cli.test.ts`. */
export async function cli(args: string[], cwd: string): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd, env: {} };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** Backticks and double quotes come in pairs: a message never leaves a quote open. */
export function balancedQuotes(text: string): boolean {
  return [...text.split('\n')].every((line) => (line.match(/`/g) ?? []).length % 2 === 0 && (line.match(/"/g) ?? []).length % 2 === 0);
}
