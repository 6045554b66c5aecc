/**
 * How long findDuplicates takes on 20,000 items (not a timed test: machines differ).
 * Run: npx esbuild tests/bibliography/dedupe-timing.ts --bundle --platform=node --format=esm \
 *        --packages=external --outfile=node_modules/.cache/dedupe-timing.mjs && node node_modules/.cache/dedupe-timing.mjs
 */
import { findDuplicates } from '../../src/bibliography/dedupe.js';
import { cslItemSchema } from '../../src/bibliography/schema.js';
import type { BibEntry } from '../../src/bibliography/types.js';

const N = 20_000;
const words = ['ketamine', 'pain', 'chronic', 'opioid', 'nerve', 'block', 'therapy', 'trial', 'review', 'effect', 'infusion', 'spinal'];
let seed = 42;
const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

const entries: BibEntry[] = [];
for (let i = 0; i < N; i++) {
  // every 50th item repeats an earlier one's title and author, some with a DOI, some a year later
  const twin = i % 50 === 49 ? i - 7 : i;
  const title = `${Array.from({ length: 8 }, (_, k) => words[(twin * 7 + k * 3 + random(2)) % words.length]).join(' ')} ${twin}`;
  const item = cslItemSchema.parse({
    id: `item${i}`,
    type: 'article-journal',
    title: i % 3 === 0 ? title.toUpperCase() : title,
    author: [{ family: `Author${twin % 997}`, given: 'A.' }],
    issued: { 'date-parts': [[1990 + (twin % 30) + (i % 100 === 99 ? 1 : 0)]] },
    ...(i % 4 === 0 ? { DOI: `10.1000/j.${twin}` } : {}),
    ...(i % 5 === 0 ? { PMID: String(10_000_000 + twin) } : {}),
  });
  entries.push({ item, source: { file: `references/f${Math.floor(i / 100)}.yaml`, line: (i % 100) * 10 + 1, column: 1 } });
}

findDuplicates(entries.slice(0, 1000)); // warm up the JIT
const runs: number[] = [];
let groups = 0;
for (let r = 0; r < 5; r++) {
  const started = process.hrtime.bigint();
  groups = findDuplicates(entries).length;
  runs.push(Number(process.hrtime.bigint() - started) / 1e6);
}
runs.sort((a, b) => a - b);
console.log(`findDuplicates on ${N} items: ${groups} groups; median ${runs[2]?.toFixed(1)} ms, best ${runs[0]?.toFixed(1)} ms`);
