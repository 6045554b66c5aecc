/**
 * Field-level accuracy of the reference-string parser on the labelled set in
 * tests/fixtures/import/references.json (the 26 strings printed in the two
 * seed articles plus strings written for this set in Vancouver, AMA, APA,
 * Chicago and Harvard). Labels record what each STRING says, not the verified
 * record. A field counts when the label or the parse has a value; fields both
 * leave empty are not counted, so an empty parse cannot score.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN_CONFIDENCE, parseReference, type ParsedItem } from '../../src/import/refparse.js';

interface Expect {
  family: string | null;
  year: number | null;
  title: string | null;
  container: string | null;
  volume: string | null;
  issue: string | null;
  page: string | null;
  DOI: string | null;
  type: string | null;
}
interface Case {
  id: string;
  style: string;
  raw: string;
  expect?: Expect;
  unparseable?: boolean;
  note?: string;
}

const FIXTURE = fileURLToPath(new URL('../fixtures/import/references.json', import.meta.url));
const cases = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Case[];

const GATED = ['family', 'year', 'title', 'container', 'volume', 'issue', 'page', 'DOI'] as const;
type Field = (typeof GATED)[number] | 'type';

function actual(item: ParsedItem, field: Field): string | null {
  const first = item.author?.[0] ?? item.editor?.[0];
  const value: string | number | undefined = {
    family: first?.family ?? first?.literal,
    year: item.issued?.['date-parts']?.[0]?.[0],
    title: item.title,
    container: item['container-title'],
    volume: item.volume,
    issue: item.issue,
    page: item.page,
    DOI: item.DOI,
    type: item.type,
  }[field];
  return value === undefined || value === null || value === '' ? null : String(value);
}

function norm(v: string | number | null): string | null {
  return v === null ? null : String(v).normalize('NFC').replace(/\s+/g, ' ').trim();
}

interface Tally {
  right: number;
  counted: number;
  misses: string[];
}

function score(): Record<Field, Tally> {
  const tallies = Object.fromEntries(
    [...GATED, 'type'].map((f) => [f, { right: 0, counted: 0, misses: [] as string[] }]),
  ) as unknown as Record<Field, Tally>;
  for (const c of cases) {
    if (!c.expect) continue;
    const { item } = parseReference(c.raw);
    for (const field of [...GATED, 'type'] as Field[]) {
      const want = norm(c.expect[field]);
      const got = norm(actual(item, field));
      if (want === null && got === null) continue;
      const t = tallies[field];
      t.counted += 1;
      if (want === got) t.right += 1;
      else t.misses.push(`${c.id}: ${field} expected \`${want}\`, got \`${got}\``);
    }
  }
  return tallies;
}

describe('parseReference on the labelled set', () => {
  it('has at least 60 labelled strings, all 26 seed strings among them', () => {
    expect(cases.filter((c) => c.expect).length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => c.id.startsWith('seed')).length).toBe(26);
  });

  const tallies = score();
  const lines = Object.entries(tallies).map(
    ([field, t]) => `${field.padEnd(10)} ${(t.right / Math.max(1, t.counted)).toFixed(3)} (${t.right}/${t.counted})`,
  );
  console.log(`reference-string field accuracy (type is reported, not gated):\n${lines.join('\n')}`);
  const misses = Object.values(tallies).flatMap((t) => t.misses);
  if (misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);

  // The parser is a trained model; these strings are development material it was tuned against, not a measure of
  // accuracy on unseen strings (`npm run eval:refparse` reports that). The gate catches a model or a field rule
  // that breaks, without asking for a score this set would saturate.
  it('reads the gated fields with overall accuracy ≥ 0.85, and no field below 0.7', () => {
    const right = GATED.reduce((s, f) => s + tallies[f].right, 0);
    const counted = GATED.reduce((s, f) => s + tallies[f].counted, 0);
    expect(right / counted, misses.join('\n')).toBeGreaterThanOrEqual(0.85);
    for (const field of GATED) {
      const t = tallies[field];
      expect(t.counted).toBeGreaterThan(0);
      expect(t.right / t.counted, `${field}: ${t.misses.join('\n')}`).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('gives low confidence to strings that are not references', () => {
    for (const c of cases.filter((x) => x.unparseable)) {
      expect(parseReference(c.raw).confidence, c.raw).toBeLessThan(MIN_CONFIDENCE);
    }
  });

  it('gives confidence at or above the threshold to every labelled string', () => {
    const low = cases
      .filter((c) => c.expect)
      .map((c) => ({ id: c.id, r: parseReference(c.raw) }))
      .filter(({ r }) => r.confidence < MIN_CONFIDENCE)
      .map(({ id, r }) => `${id} ${r.confidence}`);
    expect(low).toEqual([]);
  });
});
