/**
 * `citemark add` of a 1,000-record export, timed as one whole process
 * (node's start included) that writes 1,000 canonical files into a fresh
 * project. The export is generated in the shape Web of Science and Zotero
 * write RIS: two `SN` lines, `PY` with a textual `DA`, repeated `KW`, a
 * particle written against a name, one DOI in ten given as a URL.
 * Target: under 3 s.
 *
 *   node tests/bench/tasks/add-export.mjs DIST_CLI [RECORDS] [RUNS]
 *
 * Prints one JSON line: { records, runs, seconds (median), added, exit }.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve(process.argv[2]);
const records = Number(process.argv[3] ?? 1000);
const runs = Number(process.argv[4] ?? 3);

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WORDS = ['ketamine', 'opioid', 'nerve', 'block', 'chronic', 'pain', 'infusion', 'trial', 'cohort', 'review', 'spinal', 'stimulation', 'migraine', 'fibromyalgia', 'mindfulness'];
const FAMILIES = ['Sakamoto', 'vanDijk', 'Larsen', 'Okafor', 'Moreno', 'Nguyen', 'Brennan', 'Whitfield', 'Dubois', 'Keller'];

function record(i) {
  const word = (k) => WORDS[(i * 7 + k * 3) % WORDS.length];
  const year = 1995 + (i % 30);
  const lines = [
    'TY  - JOUR',
    `AU  - ${FAMILIES[i % FAMILIES.length]}, Author${i}`,
    `AU  - ${FAMILIES[(i + 3) % FAMILIES.length]}, Second`,
    `TI  - ${word(0)} and ${word(1)} ${word(2)} in adults: study ${i}`,
    `T2  - JOURNAL OF ${word(3).toUpperCase()} RESEARCH`,
    `KW  - ${word(4)}`,
    `KW  - ${word(5)}`,
    `AB  - Adults with ${word(1)} ${word(2)} were followed for ${1 + (i % 24)} months in study ${i}.`,
    `SN  - ${String(1000 + (i % 8000)).padStart(4, '0')}-${String(100 + (i % 900))}X`,
    `SN  - ${String(2000 + (i % 7000)).padStart(4, '0')}-${String(200 + (i % 700))}5`,
    `DA  - ${MONTHS[i % 12]} ${1 + (i % 28)}`,
    `PY  - ${year}`,
    `VL  - ${1 + (i % 60)}`,
    `IS  - ${1 + (i % 12)}`,
    `SP  - ${100 + i}`,
    `EP  - ${110 + i}`,
    `DO  - ${i % 10 === 0 ? 'https://doi.org/' : ''}10.5555/bench.${year}.${i}`,
    `AN  - WOS:${String(i).padStart(15, '0')}`,
    'ER  - ',
    '',
  ];
  return lines.join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'citemark-add-export-'));
const exportFile = join(work, 'savedrecs.ris');
writeFileSync(exportFile, Array.from({ length: records }, (_, i) => record(i)).join('\n'));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const times = [];
let last;
for (let run = 0; run < runs; run++) {
  const project = join(work, `project-${run}`);
  mkdirSync(join(project, 'references'), { recursive: true });
  mkdirSync(join(project, 'articles'), { recursive: true });
  writeFileSync(join(project, 'references', 'existing2020.yaml'), 'id: existing2020\ntype: article-journal\ntitle: An item already there\nauthor: [{family: Smith, given: Ann}]\nissued: {date-parts: [[2020]]}\n');
  const started = process.hrtime.bigint();
  last = spawnSync(process.execPath, [cli, 'add', '--offline', exportFile], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 26 });
  times.push(Number(process.hrtime.bigint() - started) / 1e9);
}
const added = /Added (\d+),/.exec(last.stderr)?.[1];
rmSync(work, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ records, runs, seconds: median(times), added: Number(added ?? 0), exit: last.status })}\n`);
