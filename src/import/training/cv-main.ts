/**
 * `node scripts/train-refparse.mjs cv`: k-fold cross-validation on the
 * training split of the core set (plus the generated strings in
 * every training fold), for development decisions that the small
 * development split alone would leave to chance. Never reads the held-out split.
 */
import { REFERENCE_LABELS } from '../fields.js';
import { labellerFrom } from '../labeller.js';
import { MIN_CONFIDENCE, parseReference } from '../refparse.js';
import { argument, corePath, SETTINGS } from './cli-common.js';
import { expectedOf, prepareString, readCoreSet, splitOf, toSequence } from './data.js';
import { healthStrings } from './health.js';
import { layoutStrings } from './layouts.js';
import { trainPerceptron } from './perceptron.js';
import { addToScore, emptyScore, formatScore } from './score.js';

const args = process.argv.slice(2);
const folds = Number(argument(args, '--folds') ?? 4);
const core = readCoreSet(corePath(args)).filter((s) => splitOf(s) === 'train');
const health = [...healthStrings(SETTINGS.health, SETTINGS.healthSeed), ...layoutStrings(SETTINGS.layouts, SETTINGS.layoutSeed)].map((s) => toSequence(prepareString(s)));
const total = emptyScore();
for (let k = 0; k < folds; k += 1) {
  const trainSet = core.filter((_, i) => i % folds !== k);
  const testSet = core.filter((_, i) => i % folds === k);
  const model = trainPerceptron([...trainSet.map((s) => toSequence(prepareString(s))), ...health], REFERENCE_LABELS, {
    epochs: SETTINGS.epochs,
    seed: SETTINGS.seed,
    minCount: SETTINGS.minCount,
    scale: SETTINGS.scale,
    gapKinds: SETTINGS.gapKinds,
    notice: '',
  });
  const labeller = labellerFrom(model);
  const score = emptyScore();
  for (const s of testSet) {
    const { raw, expect } = expectedOf(s);
    const r = parseReference(raw, { labeller });
    addToScore(score, s.source, expect, r.item, r.confidence < MIN_CONFIDENCE);
    addToScore(total, s.source, expect, r.item, r.confidence < MIN_CONFIDENCE);
  }
  process.stdout.write(`${formatScore(`fold ${k + 1}`, score)}\n`);
}
process.stdout.write(`${formatScore(`${folds}-fold cross-validation on the training split`, total)}\n`);
if (args.includes('--misses')) process.stdout.write(`${total.misses.join('\n')}\n`);
