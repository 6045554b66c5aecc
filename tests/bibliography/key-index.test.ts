/**
 * The key index must suggest exactly what comparing an unknown key with
 * every key of the bibliography suggested (kept below as the oracle), on the
 * bench's corpus shape, on the shared generator's shape and on random keys.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyIndex, keyIndexOf } from '../../src/bibliography/key-index.js';
import { generateBibliography, rng } from '../bench/generate.mjs';

/** The suggestion search as it was before the index: every key folded and compared, for every unknown key. */
function oracleClosestKeys(key: string, keys: Iterable<string>, limit: number): string[] {
  const lower = key.toLowerCase();
  const budget = Math.max(2, Math.floor(lower.length * 0.34));
  const scored: { key: string; score: number }[] = [];
  for (const candidate of keys) {
    const c = candidate.toLowerCase();
    if (c.length < lower.length - budget) continue;
    const whole = c.length > lower.length + budget ? Infinity : distance(lower, c);
    const prefix = c.length > lower.length && lower.length >= 4 ? distance(lower, c.slice(0, lower.length)) + 0.5 : Infinity;
    const score = Math.min(whole, prefix);
    if (score <= budget) scored.push({ key: candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.key.localeCompare(b.key));
  return scored.slice(0, limit).map((s) => s.key);
}

function oracleSameFold(key: string, keys: readonly string[]): string[] {
  return keys.filter((k) => k.toLowerCase() === key.toLowerCase());
}

/** Typos people make in keys, and the generators' own: a year off by one, a letter dropped, swapped, added, a truncated key. */
function typosOf(keys: readonly string[], count: number, seed: number): string[] {
  const r = rng(seed) as { int(lo: number, hi: number): number; pick<T>(list: readonly T[]): T };
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const key = r.pick(keys);
    const at = r.int(0, Math.max(0, key.length - 1));
    const kind = r.int(0, 9);
    if (kind === 0) out.push(key.replace(/(\d{4})/, (y: string) => String(+y + 1)));
    else if (kind === 1) out.push(key.slice(0, -1));
    else if (kind === 2) out.push(key.slice(0, at) + key.slice(at + 1, at + 2) + key.slice(at, at + 1) + key.slice(at + 2));
    else if (kind === 3) out.push(`${key}x`);
    else if (kind === 4) out.push(key.slice(0, r.int(2, Math.max(2, key.length - 1))));
    else if (kind === 5) out.push(key.slice(0, at) + r.pick([...letters]) + key.slice(at + 1));
    else if (kind === 6) out.push(key.toUpperCase().slice(0, r.int(3, key.length)));
    else if (kind === 7) out.push(key.replace(/\d{4}/, (y: string) => y.slice(0, 2) + y[3] + y[2]).slice(0, r.int(6, key.length)));
    else if (kind === 8) out.push(Array.from({ length: r.int(1, 24) }, () => r.pick([...letters])).join(''));
    else out.push(r.pick(keys).slice(0, r.int(1, 8)) + key.slice(r.int(0, key.length)));
  }
  return out;
}

function expectSameSuggestions(keys: readonly string[], queries: readonly string[]): number {
  const index = new KeyIndex(keys);
  let suggested = 0;
  for (const query of queries) {
    const expected = oracleClosestKeys(query, keys, 3);
    if (expected.length > 0) suggested++;
    expect(index.closest(query, 3), query).toEqual(expected);
    expect(index.sameFold(query), query).toEqual(oracleSameFold(query, keys));
  }
  return suggested;
}

const scratch = mkdtempSync(join(tmpdir(), 'citemark-key-index-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('KeyIndex suggests what the exhaustive search did', () => {
  it('on the bench corpus shape (tests/bench/generate.mjs)', () => {
    const keys = generateBibliography(3000, 5).items.map((item: { id: string }) => item.id);
    const suggested = expectSameSuggestions(keys, typosOf(keys, 1500, 11));
    // Most typos have a suggestion, so the comparison is not of empty lists.
    expect(suggested).toBeGreaterThan(1000);
  });

  it("on the shared generator's corpus shape (tests/bench/gen-corpus.mjs), its planted unknown keys included", () => {
    const out = join(scratch, 'gen-corpus');
    execFileSync(process.execPath, [join(__dirname, '../bench/gen-corpus.mjs'), '--articles', '40', '--refs', '3000', '--seed', '7', '--unknown-rate', '0.2', '--out', out]);
    const keys = (JSON.parse(readFileSync(join(out, 'references', 'library.json'), 'utf8')) as { id: string }[]).map((item) => item.id);
    const planted = (JSON.parse(readFileSync(join(out, 'ground-truth.json'), 'utf8')) as { unknownKeys: { key: string }[] }).unknownKeys.map((u) => u.key);
    expect(planted.length).toBeGreaterThan(50);
    const suggested = expectSameSuggestions(keys, [...planted, ...typosOf(keys, 1500, 12)]);
    expect(suggested).toBeGreaterThan(1000);
  });

  it('on random keys over a small alphabet, where near matches, ties and case variants abound', () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'c', '1', '2', 'é', 'É', ':', '-'), minLength: 0, maxLength: 30 });
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 60 }), fc.array(key, { minLength: 1, maxLength: 20 }), (keys, queries) => {
        const index = new KeyIndex(keys);
        for (const query of queries) {
          expect(index.closest(query, 3)).toEqual(oracleClosestKeys(query, keys, 3));
          expect(index.closest(query, 100)).toEqual(oracleClosestKeys(query, keys, 100));
        }
      }),
      { numRuns: 300, seed: 20 },
    );
  });

  it('is built once per bibliography and rebuilt when the key map grows', () => {
    const byId = new Map<string, unknown>([['smith2019pain', {}]]);
    const first = keyIndexOf(byId);
    expect(keyIndexOf(byId)).toBe(first);
    byId.set('jones2019pain', {});
    expect(keyIndexOf(byId)).not.toBe(first);
    expect(keyIndexOf(byId).closest('jnoes2019pain', 3)).toEqual(['jones2019pain']);
  });
});
