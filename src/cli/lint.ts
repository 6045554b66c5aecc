import { fixProject } from '../lint/fix.js';
import { UsageError } from '../lint/errors.js';
import { lintProject, type ProjectLintOptions, type ProjectLintResult } from '../lint/project.js';
import { getReporter } from '../report/index.js';
import { VERSION } from '../version.js';
import { EXIT_LINT_ERRORS, EXIT_OK, parseThreads, resolveUserPath, type CliIo } from './io.js';

export const LINT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  fix: { type: 'boolean' },
  cache: { type: 'boolean' },
  threads: { type: 'string' },
} as const;

export async function lintCommand(args: {
  values: Record<string, unknown>;
  positionals: string[];
  root: string;
  io: CliIo;
}): Promise<number> {
  const { values, root, io } = args;
  const positionals = args.positionals.map((p) => resolveUserPath(root, io.cwd, p));
  const format = (values.format as string | undefined) ?? 'stylish';
  const reporter = getReporter(format);
  if (!reporter) throw new UsageError(`unknown format \`${format}\`; use \`stylish\`, \`json\`, \`sarif\` or \`github\`.`);
  const maxWarnings = parseMaxWarnings(values['max-warnings'] as string | undefined);
  const run: ProjectLintOptions = {
    root,
    paths: positionals,
    quiet: values.quiet === true,
    cache: values.cache === true,
    // --fix rewrites articles, so it needs every one parsed, not just its findings from the cache.
    needArticles: values.fix === true,
    keepArticles: values.fix === true,
    threads: parseThreads(values.threads as string | undefined),
  };

  let result = await lintProject(run);
  if (values.fix === true) result = await fixAndRelint(run, result);

  const color = format === 'stylish' && io.stdout.isTTY === true && !io.env.NO_COLOR && io.env.FORCE_COLOR !== '0';
  io.stdout.write(
    reporter(
      result.results.map((r) => ({ filePath: r.filePath, findings: r.findings })),
      { color, cwd: root, toolVersion: VERSION, rules: result.rules },
    ),
  );
  if (format === 'stylish' && result.unchecked.length > 0) io.stdout.write(uncheckedNote(result.unchecked));
  if (result.errorCount > 0) return EXIT_LINT_ERRORS;
  if (maxWarnings !== undefined && result.warningCount > maxWarnings) {
    io.stderr.write(`citemark: too many warnings (${result.warningCount}); the maximum allowed is ${maxWarnings}.\n`);
    return EXIT_LINT_ERRORS;
  }
  return EXIT_OK;
}

/**
 * Writes the fixable edits of every article in one all-or-nothing change,
 * then lints again so the report shows what is left.
 */
async function fixAndRelint(run: ProjectLintOptions, first: ProjectLintResult): Promise<ProjectLintResult> {
  const { changed } = await fixProject(run.root, first, { quiet: run.quiet });
  if (changed.length === 0) return first;
  return lintProject(run);
}

function parseMaxWarnings(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < -1) throw new UsageError(`\`--max-warnings\` takes a whole number (got \`${raw}\`); use e.g. \`--max-warnings 0\`.`);
  return n < 0 ? undefined : n;
}

/** The summary line for cited works topic-mismatch could not check: how many, and which (the first ten). */
function uncheckedNote(unchecked: ProjectLintResult['unchecked']): string {
  const shown = unchecked.slice(0, 10).map((w) => `\`${w.id}\` (${w.file}:${w.line})`);
  const more = unchecked.length > shown.length ? `, and ${unchecked.length - shown.length} more` : '';
  const works = unchecked.length === 1 ? '1 cited work' : `${unchecked.length} cited works`;
  return `${works} could not be checked for topic (no topic in their title, abstract, keywords or MeSH headings): ${shown.join(', ')}${more}. Give them \`topics\` to check them.\n`;
}
