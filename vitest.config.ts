import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Hang guards, not speed checks (speed is `npm run bench`'s): long enough for a busy machine running two files at once.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // Vitest's default is one worker per core but one, which on a 2-core machine runs every file in turn; most files
    // wait on child processes (the CLI, Chromium, pandoc, npm), so two at a time keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
