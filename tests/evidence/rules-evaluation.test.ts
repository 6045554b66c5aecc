/**
 * The same labelled articles as evaluation.test.ts, but judged by the real
 * lint rules end to end: each fixture becomes a Markdown article with pandoc
 * citations, is parsed and linted, and every finding is mapped back to the
 * labelled sentence (and cited key) it points at. This is what an editor
 * gets from `citemark lint`; the thresholds are the issue's.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cslItemSchema, type CslInput } from '../../src/bibliography/schema.js';
import { parseArticle } from '../../src/document/article.js';
import { lint } from '../../src/lint/linter.js';
import citationNeeded from '../../src/rules/citation-needed.js';
import topicMismatch from '../../src/rules/topic-mismatch.js';
import weakEvidence from '../../src/rules/weak-evidence.js';
import { makeBibliography } from '../helpers/lint.js';

interface LabelledSentence {
  text: string;
  cites?: string[];
  mismatch?: string[];
  needs?: boolean;
  weak?: boolean;
}
interface Fixture {
  title: string;
  references: CslInput[];
  paragraphs: { section?: string; sentences: LabelledSentence[] }[];
}

interface Placed {
  label: LabelledSentence;
  start: number;
  end: number;
  keys: { key: string; start: number; end: number }[];
}

/** Writes the fixture as Markdown, remembering where each sentence and each cited key landed. */
function toMarkdown(fixture: Fixture): { markdown: string; placed: Placed[] } {
  let markdown = `# ${fixture.title}\n\n`;
  const placed: Placed[] = [];
  let section = '';
  for (const paragraph of fixture.paragraphs) {
    if (paragraph.section && paragraph.section !== section) {
      section = paragraph.section;
      markdown += `## ${section}\n\n`;
    }
    paragraph.sentences.forEach((label, i) => {
      if (i > 0) markdown += ' ';
      const start = markdown.length;
      const cites = label.cites ?? [];
      const match = /[.!?]$/.exec(label.text);
      const body = match ? label.text.slice(0, -1) : label.text;
      markdown += body;
      const keys: Placed['keys'] = [];
      if (cites.length > 0) {
        markdown += ' [';
        cites.forEach((key, k) => {
          if (k > 0) markdown += '; ';
          keys.push({ key, start: markdown.length, end: markdown.length + key.length + 1 });
          markdown += `@${key}`;
        });
        markdown += ']';
      }
      if (match) markdown += match[0];
      placed.push({ label, start, end: markdown.length, keys });
    });
    markdown += '\n\n';
  }
  return { markdown, placed };
}

function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = source.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

type Counts = { tp: number; fp: number; fn: number; errors: string[] };
const counts = (): Counts => ({ tp: 0, fp: 0, fn: 0, errors: [] });
const precision = (c: Counts) => c.tp / Math.max(1, c.tp + c.fp);
const recall = (c: Counts) => c.tp / Math.max(1, c.tp + c.fn);

const dir = fileURLToPath(new URL('../fixtures/evidence/', import.meta.url));
const scores = { 'topic-mismatch': counts(), 'citation-needed': counts(), 'weak-evidence': counts() };
let pairs = 0;

for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const fixture = parse(readFileSync(join(dir, name), 'utf8')) as Fixture;
  const bibliography = makeBibliography(fixture.references.map((r) => cslItemSchema.parse(r)));
  const { markdown, placed } = toMarkdown(fixture);
  const article = parseArticle(`articles/${name.replace(/\.yaml$/, '.md')}`, markdown);
  const findings = [...lint({ articles: [article], bibliography, rules: [topicMismatch, citationNeeded, weakEvidence] }).values()].flat();

  const predicted = { 'topic-mismatch': new Set<string>(), 'citation-needed': new Set<string>(), 'weak-evidence': new Set<string>() };
  for (const f of findings) {
    const offset = offsetOf(markdown, f.line, f.column);
    const sentence = placed.findIndex((p) => offset >= p.start && offset < p.end);
    const rule = f.ruleId as keyof typeof predicted;
    if (rule === 'topic-mismatch') {
      const key = placed[sentence]?.keys.find((k) => offset >= k.start && offset < k.end)?.key;
      predicted[rule].add(`${sentence}:${key}`);
    } else {
      predicted[rule].add(String(sentence));
    }
  }
  const tally = (rule: keyof typeof scores, id: string, expected: boolean, describe: string) => {
    const got = predicted[rule].delete(id);
    const c = scores[rule];
    if (got && expected) c.tp++;
    else if (got) {
      c.fp++;
      c.errors.push(`false positive ${name}: ${describe}`);
    } else if (expected) {
      c.fn++;
      c.errors.push(`false negative ${name}: ${describe}`);
    }
  };
  placed.forEach((p, i) => {
    for (const { key } of p.keys) {
      pairs++;
      tally('topic-mismatch', `${i}:${key}`, (p.label.mismatch ?? []).includes(key), `"${p.label.text}" → ${key}`);
    }
    tally('citation-needed', String(i), p.label.needs === true, `"${p.label.text}"`);
    tally('weak-evidence', String(i), p.label.weak === true, `"${p.label.text}"`);
  });
  // Findings that land on no labelled sentence (e.g. a heading) count against precision.
  for (const [rule, left] of Object.entries(predicted)) {
    for (const id of left) {
      scores[rule as keyof typeof scores].fp++;
      scores[rule as keyof typeof scores].errors.push(`false positive ${name}: unlabelled place ${id}`);
    }
  }
}

describe('evidence rules, judged end to end through lint', () => {
  it('reach 0.9 precision and recall for topic-mismatch and citation-needed', () => {
    const report = Object.entries(scores).map(
      ([rule, c]) => `${rule.padEnd(16)} precision ${precision(c).toFixed(3)}  recall ${recall(c).toFixed(3)}  (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})${c.errors.map((e) => `\n    ${e}`).join('')}`,
    );
    console.log(`lint over the labelled set (${pairs} claim/citation pairs):\n${report.join('\n')}`);
    expect(pairs).toBeGreaterThanOrEqual(60);
    for (const rule of ['topic-mismatch', 'citation-needed'] as const) {
      expect(precision(scores[rule]), `${rule} precision`).toBeGreaterThanOrEqual(0.9);
      expect(recall(scores[rule]), `${rule} recall`).toBeGreaterThanOrEqual(0.9);
    }
  });
});
