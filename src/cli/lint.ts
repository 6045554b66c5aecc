import { fixProject } from '../lint/fix.js';
import { UsageError } from '../document/errors.js';
import { lintProject, type ProjectLintOptions, type ProjectLintResult, type Shard } from '../lint/project.js';
import { getReporter, reporterNames } from '../report/index.js';
import { VERSION } from '../version.js';
import { EXIT_LINT_ERRORS, EXIT_OK, parseThreads, resolveUserPath, type CliIo, type OptionSpec } from './io.js';

export const LINT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  format: { type: 'string', short: 'f', value: reporterNames.join('|'), choices: reporterNames, description: 'how to print the findings (default: stylish)' },
  'max-warnings': { type: 'string', value: 'N', description: 'exit 1 when there are more than N warnings' },
  quiet: { type: 'boolean', description: 'report errors only' },
  fix: { type: 'boolean', description: 'apply the fixes that cannot change meaning, then report what is left' },
  cache: { type: 'boolean', description: 'reuse `.citemark/cache/` for unchanged files (safe to delete)' },
  threads: { type: 'string', value: 'N', description: 'parse threads, 1 for none (default: the machine\'s cores)' },
  shard: { type: 'string', value: 'I/N', description: 'lint only part I of N of the articles, for a CI matrix; combine with `merge-reports`' },
  'no-error-on-unmatched-pattern': { type: 'boolean', description: 'exit 0 instead of 2 when no article matches' },
};

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
  const shard = parseShard(values.shard as string | undefined);
  const run: ProjectLintOptions = {
    root,
    paths: positionals,
    quiet: values.quiet === true,
    cache: values.cache === true,
    // --fix rewrites articles, so it needs every one parsed, not just its findings from the cache.
    needArticles: values.fix === true,
    keepArticles: values.fix === true,
    threads: parseThreads(values.threads as string | undefined),
    allowNoArticles: values['no-error-on-unmatched-pattern'] === true,
    ...(shard ? { shard } : {}),
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

/** `--shard 2/4` → shard 2 of 4. */
export function parseShard(raw: string | undefined): Shard | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count || count > 10_000) {
    throw new UsageError(`\`--shard\` takes I/N, the shard and how many there are, with 1 ≤ I ≤ N (got \`${raw}\`); e.g. \`--shard 1/4\` … \`--shard 4/4\`.`);
  }
  return { index, count };
}

export function parseMaxWarnings(raw: string | undefined): number | undefined {
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
