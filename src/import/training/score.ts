/**
 * How the reference parser is measured: fields right over the fields a
 * reader checks a reference by (first author's family name, year, title,
 * container, volume, pages), and the share of strings left unparsed (below
 * the import's confidence threshold, so the whole string would go to
 * `note`). A field counts when the expected record or the parse has it; a
 * field both leave empty is not counted, so an empty parse cannot score.
 */
import type { ParsedItem } from '../fields.js';

export const SCORED_FIELDS = ['family', 'year', 'title', 'container', 'volume', 'pages'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];
export type Expected = Partial<Record<ScoredField, string | number | null>>;

export function fieldValue(item: ParsedItem, field: ScoredField): string | null {
  const first = item.author?.[0] ?? item.editor?.[0];
  const value: string | number | undefined = {
    family: first?.family ?? first?.literal,
    year: item.issued?.['date-parts']?.[0]?.[0],
    title: item.title,
    container: item['container-title'],
    volume: item.volume,
    pages: item.page,
  }[field];
  return value === undefined || value === null || value === '' ? null : String(value);
}

/** Compared after case, punctuation and spacing are folded: `Curr. Opin. Neurobiol.` = `Curr Opin Neurobiol`. */
export function fold(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[‐‑–—]/g, '-')
    .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    .trim();
}

export interface FieldTally {
  right: number;
  counted: number;
}

export interface Score {
  strings: number;
  unparsed: number;
  fields: Record<ScoredField, FieldTally>;
  /** Right ÷ counted over all scored fields. */
  fieldsRight: number;
  misses: string[];
}

export function emptyScore(): Score {
  return {
    strings: 0,
    unparsed: 0,
    fields: Object.fromEntries(SCORED_FIELDS.map((f) => [f, { right: 0, counted: 0 }])) as Record<ScoredField, FieldTally>,
    fieldsRight: 0,
    misses: [],
  };
}

/** Adds one string: what was expected, what the parser gave, and whether it was left unparsed. */
export function addToScore(score: Score, id: string, expected: Expected, got: ParsedItem, unparsed: boolean): void {
  score.strings += 1;
  if (unparsed) score.unparsed += 1;
  for (const field of SCORED_FIELDS) {
    const want = fold(expected[field]);
    // An unparsed string keeps its text in `note`: none of its fields are read.
    const have = unparsed ? '' : fold(fieldValue(got, field));
    if (!want && !have) continue;
    const tally = score.fields[field];
    tally.counted += 1;
    if (want === have) tally.right += 1;
    else score.misses.push(`${id}: ${field} expected \`${want}\`, got \`${have}\``);
  }
  const all = Object.values(score.fields);
  score.fieldsRight = all.reduce((s, t) => s + t.right, 0) / Math.max(1, all.reduce((s, t) => s + t.counted, 0));
}

export function formatScore(name: string, score: Score): string {
  const per = SCORED_FIELDS.map((f) => {
    const t = score.fields[f];
    return `${f} ${(t.right / Math.max(1, t.counted)).toFixed(3)}`;
  }).join(', ');
  return `${name}: ${score.strings} strings, fields right ${score.fieldsRight.toFixed(3)}, unparsed ${((100 * score.unparsed) / Math.max(1, score.strings)).toFixed(1)}% (${per})`;
}
