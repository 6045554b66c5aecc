/**
 * `citemark import FILE… [--dry-run] [--format text|json] [--out DIR]`.
 *
 * Exit codes, as `eslint --fix`: 0 when everything was imported (or would
 * be, on a dry run); 1 when the files were written but something needs the
 * editor: an entry the parser could not read (kept verbatim in `note`) or a
 * file with no reference list; 2 for usage problems — a missing file, an
 * extension citemark does not import, an article name that is taken.
 */
import type { ImportFilesResult } from '../import/project.js';
import { UsageError } from '../lint/errors.js';
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
    io.stdout.write(`${article.source} → ${article.path} (“${article.title}”)\n${indent(formatImportReport(article.result.report))}\n\n`);
  }
  const summary = `${plural(result.articles.length, 'article', 'articles')} and ${plural(result.references.length, 'reference file', 'reference files')}`;
  if (result.dryRun) {
    for (const file of [...result.articles.map((a) => ({ path: a.path, content: a.content })), ...result.references]) {
      io.stdout.write(`──── would write ${file.path} ────\n${file.content.endsWith('\n') ? file.content : `${file.content}\n`}\n`);
    }
    io.stdout.write(`Dry run: would write ${summary}; nothing was written.\n`);
  } else {
    io.stdout.write(`Wrote ${summary}. Run \`citemark lint\` to check them.\n`);
  }
}

function printJson(result: ImportFilesResult, io: CliIo): void {
  const out = {
    dryRun: result.dryRun,
    articles: result.articles.map((a) => ({
      source: a.source,
      format: a.format,
      path: a.path,
      title: a.title,
      report: a.result.report,
      ...(result.dryRun ? { content: a.content } : {}),
    })),
    references: result.references.map((r) => ({ id: r.id, path: r.path, ...(result.dryRun ? { content: r.content } : {}) })),
    written: result.written,
  };
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

export const importCommand: Command = {
  summary: 'Turn articles with numbered references into citemark articles and reference files',
  usage: 'citemark import FILE… [--dry-run] [--format text|json] [--out DIR]',
  options: {
    'dry-run': { type: 'boolean', short: 'n' },
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
  },
  async run({ values, positionals, root, io }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`\`--format ${format}\` is not a report format; use \`--format text\` or \`--format json\`.`);
    if (positionals.length === 0) throw new UsageError('Name at least one article to import: `citemark import FILE…` (`.txt`, `.md` or `.html`).');
    const [{ importFiles }, { formatImportReport }] = await Promise.all([import('../import/project.js'), import('../import/article.js')]);
    const result = await importFiles(
      root,
      positionals.map((p) => resolveUserPath(root, io.cwd, p)),
      {
        dryRun: values['dry-run'] === true,
        ...(values.out !== undefined ? { outDir: values.out as string } : {}),
      },
    );
    if (format === 'json') printJson(result, io);
    else printText(result, io, formatImportReport);
    return result.needsAttention ? EXIT_LINT_ERRORS : EXIT_OK;
  },
};
