/** `citemark refresh [keys…]`: argument handling and output only. */
import { UsageError } from '../document/errors.js';
import { loadProjectConfig } from '../document/project.js';
import { RULE_OPTIONS } from '../rules/index.js';
import { lookupSettings } from '../lookup/index.js';
import { VERSION } from '../version.js';
import { EXIT_LINT_ERRORS, EXIT_OK, type Command } from './io.js';
import { displayText } from '../util/text.js';

function wholeNumber(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`\`--${name}\` takes a whole number (got \`${displayText(raw)}\`); e.g. \`--${name} 7\`.`);
  return n;
}

export const refreshCommand: Command = {
  summary: 'Ask Crossref and PubMed again for retractions, corrections and MeSH headings',
  usage: 'citemark refresh [keys…] [--dry-run] [--offline] [--max-age DAYS] [--interval MS] [--no-mesh]',
  options: {
    'dry-run': { type: 'boolean', description: 'print what changed; write nothing' },
    offline: { type: 'boolean', description: 'answer from the look-up cache only; never use the network' },
    'max-age': { type: 'string', value: 'DAYS', description: 'ask again about answers older than this (default 7; 0 asks again every time)' },
    interval: { type: 'string', value: 'MS', description: 'wait at least this long between two requests (default 350)' },
    'no-mesh': { type: 'boolean', description: 'do not read MeSH headings from PubMed' },
  },
  examples: ['npx citemark refresh', 'npx citemark refresh cohen2018consensus --dry-run', 'npx citemark refresh --offline'],
  async run({ values, positionals, root, io }) {
    const config = await loadProjectConfig(root, RULE_OPTIONS);
    const lookup = { ...lookupSettings(config.lookup, VERSION), offline: values.offline === true };
    const maxAgeDays = wholeNumber(values['max-age'], 'max-age');
    const intervalMs = wholeNumber(values.interval, 'interval');
    const dryRun = values['dry-run'] === true;
    const { refreshReferences } = await import('../manage/refresh.js');
    const result = await refreshReferences({
      root,
      lookup,
      config,
      ...(positionals.length > 0 ? { keys: positionals } : {}),
      ...(config.lookup?.crossrefBaseUrl ? { crossrefBaseUrl: config.lookup.crossrefBaseUrl } : {}),
      ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
      ...(intervalMs !== undefined ? { intervalMs } : {}),
      mesh: values['no-mesh'] !== true,
      dryRun,
    });
    for (const change of result.changed) {
      const how = dryRun ? 'would change' : change.written ? 'changed' : `not written (${change.file} holds other items too; make the change by hand)`;
      io.stdout.write(`\`${change.id}\` ${change.file}: ${change.changes.join('; ')} — ${how}\n`);
    }
    for (const problem of result.problems) io.stderr.write(`citemark refresh: ${problem.id}: ${problem.message}\n`);
    const retracted = result.changed.filter((c) => c.changes.some((s) => s.startsWith('retracted'))).length;
    io.stdout.write(`Checked ${result.checked} item${result.checked === 1 ? '' : 's'} (${result.fetched} request${result.fetched === 1 ? '' : 's'}); ${result.changed.length} changed, ${retracted} newly retracted.\n`);
    return result.problems.length > 0 ? EXIT_LINT_ERRORS : EXIT_OK;
  },
};
