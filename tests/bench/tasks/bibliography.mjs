/**
 * In-process timings of the bibliography targets: load + validate, then
 * duplicate detection, checked against the generator's ground truth.
 * Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? '.');
const dist = pathToFileURL(resolve(process.argv[3] ?? 'dist/index.js')).href;
const { loadBibliography, findDuplicates, analyseDuplicates } = await import(dist);
const truth = JSON.parse(readFileSync(join(root, 'ground-truth.json'), 'utf8'));

let t = performance.now();
const bibliography = await loadBibliography(root);
const loadMs = performance.now() - t;
t = performance.now();
// What lint and dedupe run: every record, those that failed validation too; builds before it have findDuplicates only.
const analysis = analyseDuplicates ? analyseDuplicates(bibliography.entries, bibliography.rejected ?? []) : { groups: findDuplicates(bibliography.entries), possible: [] };
const dedupeMs = performance.now() - t;
const groups = analysis.groups.filter((g) => g.members.length >= 2);

const groupOf = new Map();
groups.forEach((g, i) => g.members.forEach((m) => groupOf.set(m.entry.item.id, i)));
const same = (a, b) => groupOf.has(a) && groupOf.get(a) === groupOf.get(b);
const missed = truth.plantedDuplicates.filter(([a, b]) => !same(a, b));
const wronglyMerged = truth.updatesWithOwnDoi.filter(([a, b]) => same(a, b));
const planted = new Set(truth.plantedDuplicates.flat());
const extraGroups = groups.filter((g) => g.members.some((m) => !planted.has(m.entry.item.id))).length;

process.stdout.write(
  `${JSON.stringify({
    items: bibliography.entries.length,
    problems: bibliography.problems.length,
    loadMs: Math.round(loadMs),
    dedupeMs: Math.round(dedupeMs),
    groups: groups.length,
    possible: analysis.possible.length,
    planted: truth.plantedDuplicates.length,
    missed: missed.length,
    updates: truth.updatesWithOwnDoi.length,
    wronglyMerged: wronglyMerged.length,
    extraGroups,
    rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
