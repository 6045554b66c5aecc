/** `citemark add <DOI|PMID|file|->`: argument handling and output only. */
import { existsSync, statSync } from 'node:fs';
import type { AddResult, AddSource } from '../manage/add.js';
import { lookupSettings } from '../lookup/index.js';
import { UsageError } from '../document/errors.js';
import { loadProjectConfig } from '../document/project.js';
import { RULE_OPTIONS } from '../rules/index.js';
import { VERSION } from '../version.js';
import { EXIT_LINT_ERRORS, EXIT_OK, resolveUserPath, type CliIo, type Command } from './io.js';

async function readStdin(io: CliIo): Promise<string> {
  const stdin: AsyncIterable<string | Uint8Array> = (io as CliIo & { stdin?: AsyncIterable<string | Uint8Array> }).stdin ?? process.stdin;
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `Added 998, updated 1, refused 1 as duplicates; 2 need attention.` */
export function addSummary(result: AddResult, dryRun: boolean): string {
  const attention = result.attention.length;
  const verb = dryRun ? 'Would add' : 'Added';
  const parts = [`${verb} ${result.added.length}`, `updated ${result.updated.length}`, `refused ${result.refused.length} as ${result.refused.length === 1 ? 'a duplicate' : 'duplicates'}`];
  const notAdded = result.attention.filter((a) => !a.added).length;
  const tail = attention === 0 ? 'nothing needs attention' : `${plural(attention, 'record')} ${attention === 1 ? 'needs' : 'need'} attention (${notAdded} not added, ${attention - notAdded} added with a value kept in \`note\`)`;
  return `${parts.join(', ')}; ${tail}.`;
}

export const addCommand: Command = {
  summary: 'Add references from a DOI, a PMID or a BibTeX/RIS/CSL-JSON/MEDLINE/EndNote XML export',
  usage: 'citemark add <DOI|PMID|file.bib|file.ris|file.json|file.nbib|file.xml|->… [--dry-run] [--force] [--offline] [--update] [--rekey] [--strict]',
  options: {
    'dry-run': { type: 'boolean', description: 'print the files that would be written; write nothing' },
    force: { type: 'boolean', description: 'add a work even when the bibliography already holds it' },
    offline: { type: 'boolean', description: 'answer from the look-up cache only; never use the network' },
    update: { type: 'boolean', description: 'complete the kept item from a duplicate (correct it only from a DOI/PMID look-up)' },
    rekey: { type: 'boolean', description: "give every record a new key (first author, year, title word) instead of the export's own" },
    strict: { type: 'boolean', description: 'refuse the whole file when any record needs attention; write nothing' },
  },
  examples: ['npx citemark add 10.1111/bcp.12094', 'npx citemark add PMID:31082965 --dry-run', 'npx citemark add exports/zotero.bib'],
  async run({ values, positionals, root, io }) {
    if (positionals.length === 0) {
      throw new UsageError('nothing to add; pass a DOI (`10.1111/bcp.12094`), a PMID (`PMID:31082965`), a file (`refs.bib`) or `-` for standard input.');
    }
    if (values.force === true && values.update === true) throw new UsageError('`--force` adds a second copy and `--update` completes the first; pass one of them.');
    const sources: AddSource[] = [];
    for (const arg of positionals) {
      if (arg === '-') {
        sources.push({ kind: 'text', text: await readStdin(io), name: '(stdin)' });
        continue;
      }
      const path = resolveUserPath(root, io.cwd, arg);
      if (existsSync(path) && statSync(path).isFile()) sources.push({ kind: 'file', path });
      else sources.push({ kind: 'identifier', text: arg });
    }
    const config = await loadProjectConfig(root, RULE_OPTIONS);
    const lookup = { ...lookupSettings(config.lookup, VERSION), offline: values.offline === true };
    const dryRun = values['dry-run'] === true;
    const strict = values.strict === true;
    const { addReferences } = await import('../manage/add.js');
    const result = await addReferences({
      root,
      sources,
      lookup,
      config,
      force: values.force === true,
      update: values.update === true,
      rekey: values.rekey === true,
      strict,
      dryRun,
    });

    for (const problem of result.problems) {
      const where = problem.file && problem.line ? `${problem.file}:${problem.line}: ` : `${problem.origin}: `;
      io.stderr.write(`citemark add: ${problem.severity === 'warning' ? 'warning: ' : ''}${where}${problem.message}\n`);
    }
    for (const note of result.notes ?? []) io.stderr.write(`citemark add: note: ${note.origin}: ${note.message}\n`);
    for (const added of result.added) {
      const from = added.originalId && added.originalId !== added.id ? ` (was \`${added.originalId}\`)` : '';
      const cached = added.fromCache ? ', from the cache' : '';
      const dup = added.duplicates.length > 0 ? `; same work as ${added.duplicates.map((d) => `\`${d}\``).join(', ')}, added because of --force` : '';
      if (dryRun) io.stdout.write(`Would write ${added.file}${from} from ${added.origin}${cached}${dup}:\n${added.text}\n`);
      else io.stdout.write(`Added \`${added.id}\` → ${added.file}${from} from ${added.origin}${cached}${dup}\n`);
    }
    for (const updated of result.updated) {
      const changes = [
        ...(updated.filled.length > 0 ? [`filled ${updated.filled.map((f) => `\`${f}\``).join(', ')}`] : []),
        ...updated.replaced.map((r) => `\`${r.field}\`: ${r.from} → ${r.to}`),
      ].join('; ');
      const moved = updated.movedFrom === undefined ? '' : `, moved out of ${updated.movedFrom}, whose format cannot hold every field`;
      io.stdout.write(`${dryRun ? 'Would update' : 'Updated'} \`${updated.id}\` (${updated.file}${moved}) from ${updated.origin}: ${changes}\n`);
    }
    for (const refused of result.refused) {
      const others = refused.duplicates.map((d) => `\`${d.id}\` (${d.file}:${d.line})`).join(', ');
      const differ = refused.differences.length > 0 ? `; they differ on ${refused.differences.join('; ')}` : '';
      const hint = refused.differences.length > 0 ? 'cite that key, pass --update to complete it from this copy, or --force to add this copy anyway' : 'cite that key, or pass --force to add it anyway';
      io.stderr.write(`citemark add: not added: ${refused.origin} is the same work as ${others}${differ}; ${hint}.\n`);
    }
    const nothing = result.added.length + result.updated.length + result.refused.length + result.attention.length === 0;
    if (nothing) io.stdout.write('Nothing to add.\n');
    else io.stderr.write(`citemark add: ${addSummary(result, dryRun)}\n`);
    if (strict && result.attention.length > 0) io.stderr.write('citemark add: --strict: nothing was written.\n');
    else if (!dryRun && !result.written && result.attention.length > 0 && result.added.length + result.updated.length === 0) io.stderr.write('citemark add: nothing was written.\n');
    return result.attention.length > 0 ? EXIT_LINT_ERRORS : EXIT_OK;
  },
};
