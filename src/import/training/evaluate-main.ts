/** `npm run eval:refparse`: scores the shipped reference parser (see cli-common.ts). */
import { readFileSync } from 'node:fs';
import type { ParsedItem } from '../fields.js';
import { labellerFrom, modelFileSchema } from '../labeller.js';
import { MIN_CONFIDENCE, parseReference } from '../refparse.js';
import { argument, corePath, SETTINGS } from './cli-common.js';
import { expectedOf, readCoreSet, splitOf, type LabelledString } from './data.js';
import { healthStrings } from './health.js';
import { layoutStrings } from './layouts.js';
import { addToScore, emptyScore, formatScore, type Expected, type Score } from './score.js';

type Parse = (raw: string) => { item: ParsedItem; unparsed: boolean };

function scoreSet(name: string, cases: { id: string; raw: string; expect: Expected }[], parse: Parse, showMisses: boolean): Score {
  const score = emptyScore();
  for (const c of cases) {
    const { item, unparsed } = parse(c.raw);
    addToScore(score, c.id, c.expect, item, unparsed);
  }
  process.stdout.write(`${formatScore(name, score)}\n`);
  if (showMisses) process.stdout.write(`${score.misses.map((m) => `  ${m}`).join('\n')}\n`);
  return score;
}

function evaluate(args: string[]): void {
  // `--model PATH`: score a model file other than the shipped one (a candidate written by `train --out PATH`).
  const modelPath = argument(args, '--model');
  const labeller = modelPath ? labellerFrom(modelFileSchema.parse(JSON.parse(readFileSync(modelPath, 'utf8')))) : undefined;
  const parse: Parse = (raw) => {
    const r = parseReference(raw, labeller ? { labeller } : {});
    return { item: r.item, unparsed: r.confidence < MIN_CONFIDENCE };
  };
  const showMisses = args.includes('--misses');
  const only = argument(args, '--only');
  const core = readCoreSet(corePath(args));
  const sets: [string, LabelledString[]][] = [
    ['core dev split', core.filter((s) => splitOf(s) === 'dev')],
    ['core held-out split', core.filter((s) => splitOf(s) === 'heldout')],
    ['generated health strings (unseen seed)', healthStrings(SETTINGS.healthDev, SETTINGS.healthDevSeed)],
    ['generated strings in other layouts (unseen seed)', layoutStrings(SETTINGS.layoutDev, SETTINGS.layoutDevSeed)],
  ];
  for (const [name, strings] of sets) {
    if (only && !name.includes(only)) continue;
    // The held-out split is scored only when asked for: it is not for development.
    if (name.includes('held-out') && !args.includes('--heldout')) continue;
    scoreSet(name, strings.map((s) => ({ id: s.source, ...expectedOf(s) })), parse, showMisses && !name.includes('held-out'));
  }
  for (let i = args.indexOf('--real'); i >= 0; i = args.indexOf('--real', i + 1)) {
    const file = args[i + 1];
    if (!file) continue;
    const cases = JSON.parse(readFileSync(file, 'utf8')) as { id?: string; style?: string; raw: string; expect: Expected }[];
    const all = cases.map((c, k) => ({ id: c.id ?? String(k + 1), raw: c.raw, expect: c.expect }));
    scoreSet(`real strings in ${file}`, all, parse, showMisses);
    // `--by-style`: the same strings scored per layout (each case's `style`), to see which layouts err.
    if (args.includes('--by-style')) {
      const styles = [...new Set(cases.map((c) => c.style ?? 'unknown'))].sort();
      for (const style of styles) scoreSet(`  style ${style}`, all.filter((_, k) => (cases[k]?.style ?? 'unknown') === style), parse, false);
    }
  }
}


evaluate(process.argv.slice(2));
