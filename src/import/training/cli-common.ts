/**
 * import/training/: trains and scores the reference labeller (not part of
 * the package). May import: import/, bibliography/, util/. Imported by:
 * nothing in src/ (scripts/train-refparse.mjs runs it).
 *
 * `npm run train:refparse` and `npm run eval:refparse` (via scripts/train-refparse.mjs):
 *
 *   train [--core PATH] [--out PATH]                 train the model and write it
 *   evaluate [--core PATH] [--real FILE]… [--misses] [--heldout]  score the shipped model
 *
 * Training reads AnyStyle's core set from `../shared/data/anystyle/core.xml`
 * (beside the project) unless `--core` says otherwise, uses its training
 * split plus citemark's generated health strings, and writes
 * `src/import/model/refparse.json`. The development and held-out splits of
 * the core set are never trained on; `evaluate` scores the shipped model on
 * the development split (and on the held-out split with `--heldout`, which
 * is for reporting, never for development), on a fresh set of generated health strings, and on any file of
 * strings with expected fields given with `--real` (a JSON array of
 * `{raw, expect: {family, year, title, container, volume, pages}}`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GAP_KINDS } from '../tokens.js';

export const SETTINGS = { gapKinds: GAP_KINDS, seed: 17, epochs: 20, minCount: 2, scale: 100, health: 1300, healthSeed: 1, healthDevSeed: 2, healthDev: 300, layouts: 700, layoutSeed: 3, layoutDevSeed: 4, layoutDev: 300 };

export const NOTICE = [
  'Trained by citemark (npm run train:refparse) on citemark\'s own generated health strings and on the training split',
  'of AnyStyle\'s parser training data (res/parser/core.xml), which carries this licence:',
  '',
  readLicence(),
].join('\n');

function readLicence(): string {
  const path = resolve(process.cwd(), 'src/import/model/LICENSE');
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : 'AnyStyle: Copyright 2011-2023 Sylvester Keil. BSD 2-clause licence.';
}

export function argument(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export function corePath(args: string[]): string {
  const path = resolve(argument(args, '--core') ?? resolve(process.cwd(), '..', 'shared', 'data', 'anystyle', 'core.xml'));
  if (!existsSync(path)) {
    process.stderr.write(
      `AnyStyle's training data is not at \`${path}\`.\n` +
        'The reference parser is trained on AnyStyle\'s core set (res/parser/core.xml, BSD 2-clause), which the project does not copy.\n' +
        'Put it at ../shared/data/anystyle/core.xml beside the project, or pass `--core PATH`.\n',
    );
    process.exit(2);
  }
  return path;
}

