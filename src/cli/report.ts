/**
 * `citemark report [paths…] [--format html|json] [--out FILE]`: the evidence map.
 *
 * The format is `--format` when given; otherwise html when `--out` ends in
 * `.html`/`.htm`, and json in every other case (stdout included). The report
 * informs rather than gates: it exits 0 whatever it found (`lint` is the gate).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { UsageError } from '../document/errors.js';
import { lintProject } from '../lint/project.js';
import { writeFileAtomic } from '../util/atomic.js';
import { EXIT_OK, resolveUserPath, type Command } from './io.js';

export const reportCommand: Command = {
  summary: 'The evidence map: every claim, its citations, their evidence level and findings',
  usage: 'citemark report [paths…] [--format html|json] [--out FILE]  (default: html when FILE ends in .html, else json; stdout without --out)',
  options: {
    format: { type: 'string', short: 'f', value: 'html|json', choices: ['html', 'json'], description: 'html or json (default: html when FILE ends in .html, else json)' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write the map to FILE instead of standard output' },
    'all-references': { type: 'boolean', description: 'list every bibliography item in the html page, not only the cited ones' },
    'no-error-on-unmatched-pattern': { type: 'boolean', description: 'exit 0 instead of 2 when no article matches' },
  },
  examples: ['npx citemark report --out evidence-map.html', 'npx citemark report articles/ketamine-pain-relief.md --format json > map.json'],
  async run({ values, positionals, root, io }) {
    const out = values.out as string | undefined;
    const format = chooseFormat(values.format as string | undefined, out);
    const { buildEvidenceMap, renderEvidenceMapHtml, serializeEvidenceMap } = await import('../evidence-map/index.js');
    const result = await lintProject({
      root,
      paths: positionals.map((p) => resolveUserPath(root, io.cwd, p)),
      allowNoArticles: values['no-error-on-unmatched-pattern'] === true,
    });
    if (out !== undefined) refuseInput(resolve(io.cwd, out), root, result);
    const map = buildEvidenceMap(result);
    const text = format === 'html' ? renderEvidenceMapHtml(map, { allReferences: values['all-references'] === true }) : serializeEvidenceMap(map);
    if (out === undefined) {
      io.stdout.write(text);
      return EXIT_OK;
    }
    const target = resolve(io.cwd, out);
    await mkdir(dirname(target), { recursive: true });
    await writeFileAtomic(target, text);
    const shown = relative(io.cwd, target);
    io.stdout.write(`wrote ${shown.startsWith('..') ? target : shown}\n`);
    return EXIT_OK;
  },
};

/** `--out` must not name one of the files the map is made from (an article, a bibliography file). */
function refuseInput(target: string, root: string, result: { results: { filePath: string }[] }): void {
  const input = result.results.find((r) => resolve(root, r.filePath) === target);
  if (input) throw new UsageError(`Refusing to write the evidence map onto \`${input.filePath}\`, an input of this project; choose another file, e.g. \`--out evidence-map.html\`.`);
}

export function chooseFormat(format: string | undefined, out: string | undefined): 'html' | 'json' {
  if (format === undefined) return out !== undefined && /\.html?$/iu.test(out) ? 'html' : 'json';
  if (format === 'html' || format === 'json') return format;
  throw new UsageError(`unknown format \`${format}\`; use \`--format html\` or \`--format json\`.`);
}
