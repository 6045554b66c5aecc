/** `npm run train:refparse`: trains the reference labeller and writes the model (see cli-common.ts). */
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REFERENCE_LABELS } from '../fields.js';
import { argument, corePath, NOTICE, SETTINGS } from './cli-common.js';
import { prepareString, readCoreSet, splitOf, toSequence } from './data.js';
import { healthStrings } from './health.js';
import { layoutStrings } from './layouts.js';
import { trainPerceptron } from './perceptron.js';

function train(args: string[]): void {
  const core = readCoreSet(corePath(args));
  const trainSet = core.filter((s) => splitOf(s) === 'train');
  const health = healthStrings(SETTINGS.health, SETTINGS.healthSeed);
  const layouts = layoutStrings(SETTINGS.layouts, SETTINGS.layoutSeed);
  const sequences = [...trainSet, ...health, ...layouts].map((s) => toSequence(prepareString(s)));
  const started = process.hrtime.bigint();
  const model = trainPerceptron(sequences, REFERENCE_LABELS, {
    epochs: SETTINGS.epochs,
    seed: SETTINGS.seed,
    minCount: SETTINGS.minCount,
    scale: SETTINGS.scale,
    gapKinds: SETTINGS.gapKinds,
    notice: NOTICE,
    training: {
      core: `${trainSet.length} of ${core.length} strings of AnyStyle's core set (the training split; 1 in 8 held out, 1 in 8 kept for development)`,
      health: `${health.length} generated strings (seed ${SETTINGS.healthSeed})`,
      layouts: `${layouts.length} generated strings in other fields' layouts (seed ${SETTINGS.layoutSeed})`,
      epochs: SETTINGS.epochs,
      seed: SETTINGS.seed,
    },
    onEpoch: (epoch, mistakes, tokens) => process.stderr.write(`epoch ${epoch}: ${mistakes} of ${tokens} tokens mislabelled\n`),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const out = resolve(argument(args, '--out') ?? 'src/import/model/refparse.json');
  writeFileSync(out, `${JSON.stringify(model)}\n`);
  process.stdout.write(
    `Trained on ${sequences.length} strings (${trainSet.length} core, ${health.length} health, ${layouts.length} other layouts) in ${seconds.toFixed(1)} s: ` +
      `${Object.keys(model.features).length} features, ${(statSync(out).size / 1024).toFixed(0)} KiB → ${out}\n`,
  );
}


train(process.argv.slice(2));
