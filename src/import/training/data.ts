/**
 * Training material for the reference labeller: AnyStyle's labelled core
 * set (read from where it lives, never copied into the project) and
 * citemark's own labelled strings, as token sequences with labels.
 */
import { readFileSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { fieldsOf, REFERENCE_LABELS, spansOf, type ReferenceLabel } from '../fields.js';
import { accessSpanOf } from '../reftext.js';
import { featuresOf, gapKindsOf, tokenize, type Token } from '../tokens.js';
import type { LabelledSequence } from './perceptron.js';
import { fieldValue, SCORED_FIELDS, type Expected } from './score.js';

/** One labelled string: its fields in printed order, each with the printed text (punctuation included). */
export interface LabelledString {
  /** `glue`: printed with no space before it (`2014;` `77` `(2):` in `2014;77(2):`). */
  segments: { label: ReferenceLabel; text: string; glue?: boolean }[];
  /** Where it came from, for reports. */
  source: string;
}

/** AnyStyle's tags → citemark's labels (rare tags become `note`). */
const TAG_LABELS: Record<string, ReferenceLabel> = {
  author: 'author', editor: 'editor', translator: 'translator', date: 'date', title: 'title', journal: 'journal',
  'container-title': 'container-title', 'collection-title': 'collection-title', volume: 'volume', pages: 'pages',
  publisher: 'publisher', location: 'location', edition: 'edition', genre: 'genre', note: 'note', url: 'url', doi: 'doi',
  isbn: 'isbn', 'citation-number': 'citation-number', issue: 'issue',
  medium: 'note', source: 'note', director: 'editor', producer: 'editor', dataset: 'note',
};

/** Reads an AnyStyle dataset (`<dataset><sequence><author>…</author>…</sequence>…</dataset>`). */
export function readAnystyleXml(xml: string, source: string): LabelledString[] {
  const parser = new SaxesParser();
  const out: LabelledString[] = [];
  let current: LabelledString | undefined;
  let tag: string | undefined;
  let text = '';
  let index = 0;
  parser.on('opentag', (node) => {
    if (node.name === 'sequence') current = { segments: [], source: `${source}#${index++}` };
    else if (current) {
      tag = node.name;
      text = '';
    }
  });
  parser.on('text', (t) => {
    if (tag) text += t;
  });
  parser.on('closetag', (node) => {
    if (node.name === 'sequence' && current) {
      if (current.segments.length > 0) out.push(current);
      current = undefined;
    } else if (current && tag && node.name === tag) {
      const label = TAG_LABELS[tag] ?? 'note';
      const clean = text.replace(/\s+/g, ' ').trim();
      if (clean) current.segments.push({ label, text: clean });
      tag = undefined;
    }
  });
  parser.write(xml).close();
  return out;
}

const YEAR_TOKEN = /^\(?(?:1[5-9]\d\d|20\d\d)[a-z]?\)?[;:,.]?$/;

/**
 * Labels per token. AnyStyle keeps a Vancouver `2014;77(2):` in one volume
 * tag; cut into tokens, its year is labelled `date` and its `(2):` `issue`,
 * so the model learns the fields citemark reads.
 */
function tokenLabels(segmentTokens: Token[], label: ReferenceLabel): ReferenceLabel[] {
  const labels = segmentTokens.map(() => label);
  if (label !== 'volume') return labels;
  segmentTokens.forEach((token, i) => {
    const t = token.text;
    if (YEAR_TOKEN.test(t) && segmentTokens.length > 1 && i < segmentTokens.length - 1) labels[i] = 'date';
    else if (/^\([^()]+\)[.,:;]*$/.test(t) && !YEAR_TOKEN.test(t)) labels[i] = 'issue';
    else if (/^(?:no|nr|n|issue)\.?,?$/i.test(t) && i + 1 < segmentTokens.length) {
      labels[i] = 'issue';
      labels[i + 1] = 'issue';
    }
  });
  return labels;
}

export interface PreparedString {
  text: string;
  tokens: Token[];
  labels: ReferenceLabel[];
  source: string;
}

/** The printed string (fields joined by spaces), its tokens and their labels. */
export function prepareString(s: LabelledString): PreparedString {
  const tokens: Token[] = [];
  const labels: ReferenceLabel[] = [];
  let text = '';
  for (const segment of s.segments) {
    if (text && !segment.glue) text += ' ';
    const offset = text.length;
    text += segment.text;
    const own = tokenize(segment.text).map((t) => ({ text: t.text, start: t.start + offset, end: t.end + offset }));
    tokens.push(...own);
    labels.push(...tokenLabels(own, segment.label));
  }
  // The string is cut again as a whole, as the parser will cut it; the tokens must agree.
  const whole = tokenize(text);
  if (whole.length !== tokens.length || whole.some((t, i) => t.start !== tokens[i]?.start || t.end !== tokens[i]?.end)) {
    // A cut that only the whole string shows (a field glued to the next): label by where each token starts.
    const byStart = new Map(tokens.map((t, i) => [t.start, labels[i] as ReferenceLabel]));
    let last: ReferenceLabel = labels[0] ?? 'note';
    const relabelled = whole.map((t) => (last = byStart.get(t.start) ?? last));
    return { text, tokens: whole, labels: relabelled, source: s.source };
  }
  return { text, tokens, labels, source: s.source };
}

export function toSequence(p: PreparedString): LabelledSequence {
  return { features: featuresOf(p.tokens), labels: p.labels.map((l) => REFERENCE_LABELS.indexOf(l)), gaps: gapKindsOf(p.tokens) };
}

/** FNV-1a over the string: the split does not depend on the order of the file. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export type Split = 'train' | 'dev' | 'heldout';

/** A fixed split by the string's text: 1 in 8 held out, 1 in 8 for development, the rest for training. */
export function splitOf(s: LabelledString): Split {
  const k = hash(s.segments.map((x) => x.text).join(' ')) % 8;
  return k === 0 ? 'heldout' : k === 1 ? 'dev' : 'train';
}

export function readCoreSet(path: string): LabelledString[] {
  return readAnystyleXml(readFileSync(path, 'utf8'), 'core');
}

/** Expected fields of a labelled string: its gold labels read by the same field rules the parser uses. */
export function expectedOf(s: LabelledString): { raw: string; expect: Expected } {
  const prepared = prepareString(s);
  const { item } = fieldsOf(spansOf(prepared.text, prepared.tokens, prepared.labels), accessSpanOf(prepared.text));
  return { raw: prepared.text, expect: Object.fromEntries(SCORED_FIELDS.map((f) => [f, fieldValue(item, f)])) };
}

