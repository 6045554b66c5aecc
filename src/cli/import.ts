/**
 * `citemark import FILE… [--dry-run] [--format text|json] [--out DIR] [--lookup]`.
 *
 * Exit codes, as `eslint --fix`: 0 when everything was imported (or would
 * be, on a dry run); 1 when the files were written but something needs the
 * editor: an entry the parser could not read (kept verbatim in `note`), a
 * file with no reference list, an entry that looks like several references
 * run together, or with `--lookup` a DOI whose record is another work or
 * could not be looked up, or a weak or failed Crossref search for a
 * reference printed without a DOI; 2 for usage problems — a missing file, an
 * extension citemark does not import, an article name that is taken.
 */
import type { ImportFilesResult } from '../import/project.js';
import { UsageError } from '../document/errors.js';
import type { DoiCheck } from '../import/verify.js';
import type { BibliographicCheck } from '../import/bibliographic.js';
import { lookupSettings } from '../lookup/index.js';
import { loadProjectConfig } from '../document/project.js';
import { RULE_OPTIONS } from '../rules/index.js';
import { VERSION } from '../version.js';
import { EXIT_LINT_ERRORS, EXIT_OK, resolveUserPath, type CliIo, type Command } from './io.js';

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function printText(result: ImportFilesResult, io: CliIo, formatImportReport: (report: ImportFilesResult['articles'][number]['result']['report']) => string): void {
  for (const article of result.articles) {
    if (article.status === 'existing') {
      io.stdout.write(`${article.source} was imported before as ${article.path} (“${article.title}”): nothing to write for it.\n\n`);
      continue;
    }
    io.stdout.write(`${article.source} → ${article.path} (“${article.title}”)\n${indent(formatImportReport(article.result.report))}\n\n`);
  }
  for (const check of result.doiChecks) io.stdout.write(`${describeCheck(check)}\n`);
  for (const check of result.referenceChecks) io.stdout.write(`${describeSearch(check)}\n`);
  if (result.doiChecks.length + result.referenceChecks.length > 0) io.stdout.write('\n');
  const summary = `${plural(result.articles.filter((a) => a.status === 'new').length, 'article', 'articles')} and ${plural(result.references.length, 'reference file', 'reference files')}`;
  if (result.dryRun) {
    for (const file of [...result.articles.filter((a) => a.status === 'new').map((a) => ({ path: a.path, content: a.content })), ...result.references]) {
      io.stdout.write(`──── would write ${file.path} ────\n${file.content.endsWith('\n') ? file.content : `${file.content}\n`}\n`);
    }
    io.stdout.write(`Dry run: would write ${summary}; nothing was written.\n`);
  } else {
    io.stdout.write(`Wrote ${summary}. Run \`citemark lint\` to check them.\n`);
  }
}

/** One line per DOI checked with `--lookup`. */
export function describeCheck(check: DoiCheck): string {
  const doi = `DOI \`${check.doi}\` of \`${check.key}\``;
  if (check.outcome === 'same-work') {
    return `${doi}: the record is the printed work; ${check.filled.length > 0 ? `filled ${check.filled.map((f) => `\`${f}\``).join(', ')} from it` : 'nothing to fill'}.`;
  }
  if (check.outcome === 'other-work') {
    return `${doi}: the record is another work, “${check.recordTitle ?? ''}”, not the printed “${check.printedTitle}”; the printed reference was kept unchanged, check the DOI.`;
  }
  return `${doi}: could not be checked (${check.message ?? 'look-up failed'}); the printed reference was kept unchanged.`;
}

/** One line per reference searched in Crossref by its printed text (`--lookup`, no DOI printed). */
export function describeSearch(check: BibliographicCheck): string {
  const who = `\`${check.key}\``;
  if (check.outcome === 'matched') {
    const filled = check.filled.length > 0 ? `filled ${check.filled.map((f) => `\`${f}\``).join(', ')} from it` : 'nothing to fill';
    const differ = check.differences.length > 0 ? `; the record differs from the printing on ${check.differences.map((d) => `\`${d.field}\` (printed ${d.printed}, record ${d.recorded})`).join(', ')}, which stay as printed` : '';
    return `${who}: found in Crossref as DOI \`${check.doi ?? '?'}\` (title, first author and year agree); ${filled}${differ}.`;
  }
  if (check.outcome === 'weak') {
    return `${who}: weak match in Crossref, “${check.recordTitle ?? ''}” (DOI \`${check.doi ?? '?'}\`), which disagrees on ${check.disagreements.join(', ')}; nothing was filled — check it and add the DOI by hand if it is the work.`;
  }
  if (check.outcome === 'none') return `${who}: no work in Crossref matches the printed title, first author and year; the printed reference was kept unchanged.`;
  return `${who}: could not be searched in Crossref (${check.message ?? 'look-up failed'}); the printed reference was kept unchanged.`;
}

function printJson(result: ImportFilesResult, io: CliIo): void {
  const out = {
    dryRun: result.dryRun,
    articles: result.articles.map((a) => ({
      source: a.source,
      status: a.status,
      format: a.format,
      path: a.path,
      title: a.title,
      report: a.result.report,
      ...(result.dryRun ? { content: a.content } : {}),
    })),
    references: result.references.map((r) => ({ id: r.id, path: r.path, ...(result.dryRun ? { content: r.content } : {}) })),
    written: result.written,
    doiChecks: result.doiChecks,
    referenceChecks: result.referenceChecks,
  };
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

export const importCommand: Command = {
  summary: 'Turn articles with numbered references into citemark articles and reference files',
  usage: 'citemark import FILE… [--dry-run] [--format text|json] [--out DIR] [--lookup]',
  options: {
    'dry-run': { type: 'boolean', short: 'n', description: 'print what would be written; write nothing' },
    format: { type: 'string', short: 'f', value: 'text|json', description: 'how to print the import report (default: text)' },
    out: { type: 'string', short: 'o', value: 'DIR', description: 'where to write the articles (default: articles/)' },
    lookup: { type: 'boolean', description: "look up each new reference's DOI and fill the fields the printed entry lacks" },
  },
  examples: ['npx citemark import drafts/ketamine.txt --dry-run', 'npx citemark import drafts/*.html --lookup'],
  async run({ values, positionals, root, io }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`\`--format ${format}\` is not a report format; use \`--format text\` or \`--format json\`.`);
    if (positionals.length === 0) throw new UsageError('Name at least one article to import: `citemark import FILE…` (`.txt`, `.md` or `.html`).');
    const [{ importFiles }, { formatImportReport }] = await Promise.all([import('../import/project.js'), import('../import/article.js')]);
    const lookup = values.lookup === true ? lookupSettings((await loadProjectConfig(root, RULE_OPTIONS)).lookup, VERSION) : undefined;
    const result = await importFiles(
      root,
      positionals.map((p) => resolveUserPath(root, io.cwd, p)),
      {
        dryRun: values['dry-run'] === true,
        ...(values.out !== undefined ? { outDir: values.out as string } : {}),
        ...(lookup ? { lookup } : {}),
      },
    );
    if (format === 'json') printJson(result, io);
    else printText(result, io, formatImportReport);
    return result.needsAttention ? EXIT_LINT_ERRORS : EXIT_OK;
  },
};
