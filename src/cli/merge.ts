/**
 * `citemark merge-reports FILE…`: the results of `citemark lint --shard i/n`
 * runs (JSON or SARIF), merged into the report one unsharded run gives, with
 * the same exit codes as `lint`. Runs in the project, to check that the
 * shards cover every article exactly once.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../document/errors.js';
import { assertProject, findArticles, loadProjectConfig } from '../document/project.js';
import { RULE_OPTIONS } from '../rules/index.js';
import { checkShardCoverage, mergeShardResults, readShardResults, ShardInputError, type ShardResults } from '../report/merge.js';
import { getReporter, reporterNames } from '../report/index.js';
import { ALL_RULES } from '../rules/index.js';
import { VERSION } from '../version.js';
import { EXIT_LINT_ERRORS, EXIT_OK, resolveUserPath, type Command } from './io.js';
import { parseMaxWarnings } from './lint.js';

export const mergeReportsCommand: Command = {
  summary: 'Merge the results of `lint --shard` runs into the report of one whole run',
  usage: 'citemark merge-reports FILE… [options]',
  options: {
    format: { type: 'string', short: 'f', value: reporterNames.join('|'), choices: reporterNames, description: 'how to print the merged findings (default: stylish)' },
    'max-warnings': { type: 'string', value: 'N', description: 'exit 1 when there are more than N warnings' },
    quiet: { type: 'boolean', description: 'report errors only' },
  },
  examples: [
    'npx citemark merge-reports shard-1.json shard-2.json shard-3.json',
    'npx citemark merge-reports shards/*.json --format sarif > citemark.sarif',
  ],
  async run({ values, positionals, root, io }) {
    if (positionals.length === 0) {
      throw new UsageError('name the shard results to merge, e.g. `citemark merge-reports shard-1.json shard-2.json` (each from `citemark lint --shard I/N --format json`).');
    }
    const format = (values.format as string | undefined) ?? 'stylish';
    const reporter = getReporter(format)!;
    const maxWarnings = parseMaxWarnings(values['max-warnings'] as string | undefined);
    const shards: ShardResults[] = [];
    for (const arg of positionals) {
      const path = resolveUserPath(root, io.cwd, arg);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read \`${arg}\` (${(error as NodeJS.ErrnoException).code ?? 'error'}); pass the files the shard runs wrote.`);
      }
      try {
        shards.push(readShardResults(text, arg));
      } catch (error) {
        if (error instanceof ShardInputError) throw new UsageError(error.message);
        throw error;
      }
    }
    const config = await loadProjectConfig(root, RULE_OPTIONS);
    assertProject(root, config);
    const problems = checkShardCoverage(shards, await findArticles(root, config));
    if (problems.length > 0) throw new UsageError(`the shard results do not add up to the project:\n  ${problems.join('\n  ')}`);

    const rules = ALL_RULES.map((r) => r.meta);
    const quiet = values.quiet === true;
    const merged = mergeShardResults(shards, rules).map((r) => ({ ...r, findings: quiet ? r.findings.filter((f) => f.severity === 'error') : r.findings }));
    const color = format === 'stylish' && io.stdout.isTTY === true && !io.env.NO_COLOR && io.env.FORCE_COLOR !== '0';
    io.stdout.write(reporter(merged, { color, cwd: root, toolVersion: VERSION, rules }));
    let errors = 0;
    let warnings = 0;
    for (const r of merged) {
      for (const f of r.findings) {
        if (f.severity === 'error') errors++;
        else warnings++;
      }
    }
    if (errors > 0) return EXIT_LINT_ERRORS;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.stderr.write(`citemark: too many warnings (${warnings}); the maximum allowed is ${maxWarnings}.\n`);
      return EXIT_LINT_ERRORS;
    }
    return EXIT_OK;
  },
};
