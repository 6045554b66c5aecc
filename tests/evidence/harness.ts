/**
 * Runs the topic and evidence detectors over labelled fixture articles
 * (tests/fixtures/evidence/*.yaml) the way the rules will: per claim, tag
 * the sentence (with the previous sentence of its paragraph as context),
 * compare with each cited item's topics; per uncited sentence, ask whether
 * it asserts evidence; per cited sentence, check strong wording against
 * weak-only support.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { cslItemSchema, type CslItem } from '../../src/bibliography/schema.js';
import { assertsEvidence, isWeakSupport, strongWording } from '../../src/evidence/index.js';
import { compareTopics, createTagger, defaultVocabulary, type Tagger } from '../../src/topics/index.js';

const sentenceSchema = z
  .object({
    text: z.string().min(1),
    cites: z.array(z.string()).default([]),
    /** Cited keys whose topics do not cover the claim. */
    mismatch: z.array(z.string()).default([]),
    /** Uncited sentence that should carry a citation. */
    needs: z.boolean().default(false),
    /** Strong wording backed only by web pages, press releases or expert opinion. */
    weak: z.boolean().default(false),
    note: z.string().optional(),
  })
  .strict();

const fixtureSchema = z
  .object({
    title: z.string(),
    references: z.array(z.unknown()),
    paragraphs: z.array(z.object({ section: z.string().default(''), sentences: z.array(sentenceSchema).min(1) }).strict()),
  })
  .strict();

export interface LabelledSentence {
  article: string;
  section: string;
  text: string;
  context?: string;
  cites: CslItem[];
  mismatch: string[];
  needs: boolean;
  weak: boolean;
}

export interface EvaluationSet {
  articles: string[];
  sentences: LabelledSentence[];
}

export function loadEvaluationSet(dir: string): EvaluationSet {
  const articles: string[] = [];
  const sentences: LabelledSentence[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const data = fixtureSchema.parse(parse(readFileSync(join(dir, name), 'utf8')));
    const byId = new Map<string, CslItem>();
    for (const raw of data.references) {
      const item = cslItemSchema.parse(raw);
      if (byId.has(item.id)) throw new Error(`${name}: duplicate reference id \`${item.id}\``);
      byId.set(item.id, item);
    }
    articles.push(name);
    for (const paragraph of data.paragraphs) {
      paragraph.sentences.forEach((s, i) => {
        const cites = s.cites.map((key) => {
          const item = byId.get(key);
          if (!item) throw new Error(`${name}: \`${key}\` is cited but not in references`);
          return item;
        });
        for (const key of s.mismatch) if (!s.cites.includes(key)) throw new Error(`${name}: mismatch \`${key}\` is not cited in "${s.text}"`);
        if (s.needs && cites.length > 0) throw new Error(`${name}: a cited sentence cannot need a citation: "${s.text}"`);
        const previous = paragraph.sentences[i - 1]?.text;
        sentences.push({
          article: name,
          section: paragraph.section,
          text: s.text,
          ...(previous === undefined ? {} : { context: previous }),
          cites,
          mismatch: s.mismatch,
          needs: s.needs,
          weak: s.weak,
        });
      });
    }
  }
  return { articles, sentences };
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  errors: string[];
}

export interface RuleScores extends Confusion {
  precision: number;
  recall: number;
}

function score(c: Confusion): RuleScores {
  const precision = c.tp + c.fp === 0 ? Number.NaN : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? Number.NaN : c.tp / (c.tp + c.fn);
  return { ...c, precision, recall };
}

function tally(c: Confusion, predicted: boolean, expected: boolean, describe: () => string): void {
  if (predicted && expected) c.tp++;
  else if (predicted) {
    c.fp++;
    c.errors.push(`false positive: ${describe()}`);
  } else if (expected) {
    c.fn++;
    c.errors.push(`false negative: ${describe()}`);
  } else c.tn++;
}

export interface Evaluation {
  topicMismatch: RuleScores;
  citationNeeded: RuleScores;
  weakEvidence: RuleScores;
  /** Claim/citation pairs judged for topic-mismatch. */
  pairs: number;
}

export function evaluate(set: EvaluationSet, tagger: Tagger = createTagger(defaultVocabulary())): Evaluation {
  const empty = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0, errors: [] });
  const mismatch = empty();
  const needed = empty();
  const weak = empty();
  let pairs = 0;
  for (const s of set.sentences) {
    if (s.cites.length === 0) {
      const assessment = assertsEvidence(s.text);
      tally(needed, assessment.asserts, s.needs, () => `${s.article}: "${s.text}" [${assessment.signals.map((g) => `${g.kind}: ${g.text}`).join('; ')}]`);
      continue;
    }
    const claim = tagger.tagSentence(s.text, s.context === undefined ? {} : { context: s.context });
    for (const item of s.cites) {
      pairs++;
      const refTopics = tagger.topicsOfItem(item).topics;
      const comparison = compareTopics(tagger.vocabulary, claim.specific, refTopics);
      tally(
        mismatch,
        comparison.decision === 'mismatch',
        s.mismatch.includes(item.id),
        () => `${s.article}: "${s.text}" → ${item.id} (claim ${JSON.stringify(claim.specific)}${claim.fromContext ? ' from context' : ''}, reference ${JSON.stringify(refTopics)})`,
      );
    }
    const strong = strongWording(s.text);
    tally(weak, strong.length > 0 && isWeakSupport(s.cites), s.weak, () => `${s.article}: "${s.text}" [${strong.map((m) => m.phrase).join('; ')}]`);
  }
  return { topicMismatch: score(mismatch), citationNeeded: score(needed), weakEvidence: score(weak), pairs };
}

export function formatScores(name: string, s: RuleScores): string {
  const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
  return `${name.padEnd(16)} precision ${pct(s.precision)}  recall ${pct(s.recall)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, tn ${s.tn})`;
}
