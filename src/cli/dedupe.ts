/** `citemark dedupe [--fix] [--interactive]`: argument handling and output only. */
import { createInterface } from 'node:readline/promises';
import { describeDifference } from '../bibliography/dedupe.js';
import { UsageError } from '../lint/errors.js';
import type { DedupeGroupReport } from '../manage/dedupe.js';
import { EXIT_LINT_ERRORS, EXIT_OK, type CliIo, type Command } from './io.js';

function describeGroup(group: DedupeGroupReport, index: number): string {
  const lines = [`Group ${index + 1} (keeps \`${group.kept}\`):`];
  for (const m of group.members) {
    const how = m.reason ? (m.reason === 'title' ? ' same title, first author and year' : ` same ${m.reason}`) : '';
    const diff = m.differences.length > 0 ? `; differs on ${m.differences.map((d) => `\`${describeDifference(d)}\``).join(', ')}` : '';
    lines.push(`  ${m.id === group.kept ? '*' : '-'} ${m.id}  ${m.file}:${m.line}${how}${diff}`);
  }
  return lines.join('\n');
}

async function askPerGroup(io: CliIo): Promise<(group: DedupeGroupReport) => Promise<boolean>> {
  if (!process.stdin.isTTY || io.stdout.isTTY !== true) {
    throw new UsageError('`--interactive` needs a terminal; run `citemark dedupe --fix` without it to merge every group.');
  }
  let index = 0;
  return async (group) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      io.stdout.write(`${describeGroup(group, index++)}\n`);
      const answer = await rl.question(`Merge into \`${group.kept}\`? [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}

export const dedupeCommand: Command = {
  summary: 'List duplicate references; --fix merges them and rewrites citations',
  usage: 'citemark dedupe [--fix] [--interactive] [--dry-run]',
  options: {
    fix: { type: 'boolean', description: 'merge each group into its most complete record and rewrite the citations' },
    interactive: { type: 'boolean', description: 'with --fix, ask before merging each group' },
    'dry-run': { type: 'boolean', description: 'with --fix, print what would change; write nothing' },
  },
  examples: ['npx citemark dedupe', 'npx citemark dedupe --fix --dry-run', 'npx citemark dedupe --fix --interactive'],
  async run({ values, positionals, root, io }) {
    if (positionals.length > 0) throw new UsageError(`\`dedupe\` takes no paths (got \`${positionals[0]}\`); use \`--cwd DIR\` to pick the project.`);
    const { fixDuplicates, listDuplicates } = await import('../manage/dedupe.js');
    if (values.fix !== true) {
      if (values.interactive === true) throw new UsageError('`--interactive` goes with `--fix`: `citemark dedupe --fix --interactive`.');
      const { groups } = await listDuplicates(root);
      if (groups.length === 0) {
        io.stdout.write('No duplicate references.\n');
        return EXIT_OK;
      }
      io.stdout.write(`${groups.map(describeGroup).join('\n')}\n\n${groups.length} duplicate group${groups.length === 1 ? '' : 's'}; run \`citemark dedupe --fix\` to merge them.\n`);
      return EXIT_LINT_ERRORS;
    }
    const confirm = values.interactive === true ? await askPerGroup(io) : undefined;
    const dryRun = values['dry-run'] === true;
    const result = await fixDuplicates(root, { ...(confirm ? { confirm } : {}), dryRun });
    const verb = dryRun ? 'Would merge' : 'Merged';
    for (const m of result.merged) {
      const notes = m.conflicts.length > 0 ? `; kept ${m.conflicts.map((c) => `\`${c.field}: ${c.kept.value}\``).join(', ')}, the other values are in \`note\`` : '';
      io.stdout.write(`${verb} ${m.removed.map((r) => `\`${r}\``).join(', ')} into \`${m.kept}\` (${m.file})${notes}\n`);
    }
    for (const a of result.articles) io.stdout.write(`${dryRun ? 'Would rewrite' : 'Rewrote'} ${a.rewrites} citation${a.rewrites === 1 ? '' : 's'} in ${a.file}\n`);
    for (const s of result.skipped) {
      if (s.reason !== 'declined') io.stderr.write(`citemark dedupe: not merged ${s.ids.map((i) => `\`${i}\``).join(', ')}: ${s.reason}\n`);
    }
    if (result.merged.length === 0 && result.skipped.length === 0) io.stdout.write('No duplicate references.\n');
    return result.skipped.some((s) => s.reason !== 'declined') ? EXIT_LINT_ERRORS : EXIT_OK;
  },
};
