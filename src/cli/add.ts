/** `citemark add <DOI|PMID|file.bib|file.ris|file.json|->`: argument handling and output only. */
import { existsSync, statSync } from 'node:fs';
import type { AddSource } from '../manage/add.js';
import { lookupSettings } from '../lookup/index.js';
import { UsageError } from '../lint/errors.js';
import { loadProjectConfig } from '../lint/project.js';
import { VERSION } from '../version.js';
import { EXIT_LINT_ERRORS, EXIT_OK, resolveUserPath, type CliIo, type Command } from './io.js';

async function readStdin(io: CliIo): Promise<string> {
  const stdin = (io as CliIo & { stdin?: AsyncIterable<string | Uint8Array> }).stdin ?? process.stdin;
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

export const addCommand: Command = {
  summary: 'Add references from a DOI, a PMID or a BibTeX/RIS/CSL-JSON file',
  usage: 'citemark add <DOI|PMID|file.bib|file.ris|file.json|->… [--dry-run] [--force] [--offline]',
  options: {
    'dry-run': { type: 'boolean', description: 'print the files that would be written; write nothing' },
    force: { type: 'boolean', description: 'add a work even when the bibliography already holds it' },
    offline: { type: 'boolean', description: 'answer from the look-up cache only; never use the network' },
  },
  examples: ['npx citemark add 10.1111/bcp.12094', 'npx citemark add PMID:31082965 --dry-run', 'npx citemark add exports/zotero.bib'],
  async run({ values, positionals, root, io }) {
    if (positionals.length === 0) {
      throw new UsageError('nothing to add; pass a DOI (`10.1111/bcp.12094`), a PMID (`PMID:31082965`), a file (`refs.bib`) or `-` for standard input.');
    }
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
    const config = await loadProjectConfig(root);
    const lookup = { ...lookupSettings(config.lookup, VERSION), offline: values.offline === true };
    const dryRun = values['dry-run'] === true;
    const { addReferences } = await import('../manage/add.js');
    const result = await addReferences({ root, sources, lookup, config, force: values.force === true, dryRun });

    for (const problem of result.problems) {
      const where = problem.file && problem.line ? `${problem.file}:${problem.line}: ` : `${problem.origin}: `;
      io.stderr.write(`citemark add: ${where}${problem.message}\n`);
    }
    if (result.problems.length > 0) {
      io.stderr.write('citemark add: nothing was written.\n');
      return EXIT_LINT_ERRORS;
    }
    for (const added of result.added) {
      const from = added.originalId && added.originalId !== added.id ? ` (was \`${added.originalId}\`)` : '';
      const cached = added.fromCache ? ', from the cache' : '';
      const dup = added.duplicates.length > 0 ? `; same work as ${added.duplicates.map((d) => `\`${d}\``).join(', ')}, added because of --force` : '';
      if (dryRun) io.stdout.write(`Would write ${added.file}${from} from ${added.origin}${cached}${dup}:\n${added.text}\n`);
      else io.stdout.write(`Added \`${added.id}\` → ${added.file}${from} from ${added.origin}${cached}${dup}\n`);
    }
    for (const refused of result.refused) {
      const others = refused.duplicates.map((d) => `\`${d.id}\` (${d.file}:${d.line})`).join(', ');
      io.stderr.write(`citemark add: not added: ${refused.origin} is the same work as ${others}; cite that key, or pass --force to add it anyway.\n`);
    }
    if (result.added.length === 0 && result.refused.length === 0) io.stdout.write('Nothing to add.\n');
    return result.refused.length > 0 ? EXIT_LINT_ERRORS : EXIT_OK;
  },
};
