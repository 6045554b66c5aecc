import { UsageError } from '../document/errors.js';
import { EXIT_LINT_ERRORS, EXIT_OK, parseThreads, resolveUserPath, type Command } from './io.js';

export const renderCommand: Command = {
  summary: 'Format citations and append the bibliography, one output file per article',
  usage: 'citemark render [paths…] [--style apa|vancouver|ama|harvard|chicago|FILE.csl] [--to html|md] [--out DIR] [--threads N]',
  options: {
    style: { type: 'string', short: 's', value: 'NAME|FILE.csl', description: 'apa, vancouver, ama, harvard, chicago (any case) or a .csl file (default: front matter `csl`, the config\'s `style`, apa)' },
    to: { type: 'string', value: 'html|md', choices: ['html', 'md'], description: 'output format (default: html)' },
    out: { type: 'string', short: 'o', value: 'DIR', description: 'where to write, never onto the articles (default: rendered/)' },
    threads: { type: 'string', value: 'N', description: 'render threads, 1 for none (default: the machine\'s cores)' },
    'no-error-on-unmatched-pattern': { type: 'boolean', description: 'exit 0 instead of 2 when no article matches' },
  },
  examples: ['npx citemark render', 'npx citemark render articles/ketamine-pain-relief.md --style vancouver --to html --out public', 'npx citemark render --style styles/my-journal.csl --to md --out build'],
  async run({ values, positionals, root, io }) {
    const to = (values.to as string | undefined) ?? 'html';
    const threads = parseThreads(values.threads as string | undefined);
    if (to !== 'html' && to !== 'md') throw new UsageError(`\`--to ${to}\` is not an output format; use \`--to html\` or \`--to md\`.`);
    const { renderProject } = await import('../render/project.js');
    const result = await renderProject({
      root,
      paths: positionals.map((p) => resolveUserPath(root, io.cwd, p)),
      to,
      ...(values.style !== undefined ? { style: values.style as string } : {}),
      ...(values.out !== undefined ? { outDir: values.out as string } : {}),
      ...(threads !== undefined ? { threads } : {}),
      allowNoArticles: values['no-error-on-unmatched-pattern'] === true,
    });
    for (const file of result.written) io.stdout.write(`wrote ${file}\n`);
    for (const w of result.warnings) io.stderr.write(`warning: ${w}\n`);
    for (const f of result.failed) io.stderr.write(`${f.file}:1:1  error  ${f.message}\n`);
    for (const u of result.unresolved) {
      io.stderr.write(`${u.file}:${u.line}:${u.column}  error  Unknown citation key \`${u.key}\`; it is marked in the output. Add it to \`references/\` or fix the key  unknown-key\n`);
    }
    return result.unresolved.length > 0 || result.failed.length > 0 ? EXIT_LINT_ERRORS : EXIT_OK;
  },
};
