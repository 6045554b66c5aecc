/**
 * `npm run train:refparse` / `npm run eval:refparse`: bundles the TypeScript
 * training or evaluation entry (src/import/training/) with esbuild and runs
 * it, so training uses exactly the tokenizer, features and field rules the
 * parser ships with.
 *
 *   node scripts/train-refparse.mjs train [--core PATH] [--out PATH]
 *   node scripts/train-refparse.mjs cv [--folds K] [--misses]      (development: cross-validation on the training split)
 *   node scripts/train-refparse.mjs evaluate [--core PATH] [--real FILE]… [--misses] [--only NAME]
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'train', ...rest] = process.argv.slice(2);
const entries = { train: 'train-main.ts', evaluate: 'evaluate-main.ts', cv: 'cv-main.ts' };
if (!(command in entries)) {
  process.stderr.write(`Unknown command \`${command}\`; use \`train\`, \`evaluate\` or \`cv\`.\n`);
  process.exit(2);
}
// Inside the project, so the bundle finds the project's packages.
const cache = join(repo, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'citemark-refparse-'));
const outfile = join(dir, `${command}.mjs`);
try {
  await build({
    entryPoints: [join(repo, 'src/import/training', entries[command])],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    packages: 'external',
    logLevel: 'warning',
  });
  process.chdir(repo);
  process.argv = [process.argv[0], outfile, ...rest];
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
