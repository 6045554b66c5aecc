/**
 * `citemark report [paths…] [--format html|json] [--out FILE]`: the evidence map.
 *
 * The format is `--format` when given; otherwise html when `--out` ends in
 * `.html`/`.htm`, and json in every other case (stdout included). The report
 * informs rather than gates: it exits 0 whatever it found (`lint` is the gate).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { UsageError } from '../lint/errors.js';
import { lintProject } from '../lint/project.js';
import { writeFileAtomic } from '../util/atomic.js';
import { EXIT_OK, resolveUserPath, type Command } from './io.js';

export const reportCommand: Command = {
  summary: 'The evidence map: every claim, its citations, their evidence level and findings',
  usage: 'citemark report [paths…] [--format html|json] [--out FILE]  (default: html when FILE ends in .html, else json; stdout without --out)',
  options: {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
  },
  async run({ values, positionals, root, io }) {
    const out = values.out as string | undefined;
    const format = chooseFormat(values.format as string | undefined, out);
    const { buildEvidenceMap, renderEvidenceMapHtml, serializeEvidenceMap } = await import('../evidence-map/index.js');
    const result = await lintProject({ root, paths: positionals.map((p) => resolveUserPath(root, io.cwd, p)) });
    const map = buildEvidenceMap(result);
    const text = format === 'html' ? renderEvidenceMapHtml(map) : serializeEvidenceMap(map);
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

export function chooseFormat(format: string | undefined, out: string | undefined): 'html' | 'json' {
  if (format === undefined) return out !== undefined && /\.html?$/iu.test(out) ? 'html' : 'json';
  if (format === 'html' || format === 'json') return format;
  throw new UsageError(`unknown format \`${format}\`; use \`--format html\` or \`--format json\`.`);
}
