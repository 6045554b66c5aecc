/**
 * Dispatches `citemark <command>`. Argument parsing and exit codes only:
 * every command is a call into the library.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../lint/errors.js';
import { VERSION } from '../version.js';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Command } from './io.js';
import { lintCommand, LINT_OPTIONS } from './lint.js';
import { renderCommand } from './render.js';
import { importCommand } from './import.js';
import { addCommand } from './add.js';
import { dedupeCommand } from './dedupe.js';
import { reportCommand } from './report.js';
import { refreshCommand } from './refresh.js';


const COMMON_OPTIONS = {
  cwd: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMANDS: Record<string, Command> = {
  lint: {
    summary: 'Check articles and the bibliography',
    usage: 'citemark lint [paths…] [--format stylish|json|sarif|github] [--max-warnings N] [--quiet] [--fix] [--cache] [--threads N]',
    options: LINT_OPTIONS,
    run: lintCommand,
  },
  render: renderCommand,
  import: importCommand,
  add: addCommand,
  dedupe: dedupeCommand,
  report: reportCommand,
  refresh: refreshCommand,
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`citemark: unknown command \`${name}\`. Run \`citemark --help\` to see the commands.\n`);
    return EXIT_USAGE;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...COMMON_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(`citemark ${name}: ${(error as Error).message}. Usage: ${command.usage}\n`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    io.stdout.write(`${command.summary}.\n\nUsage: ${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    const root = await findRoot(io.cwd, parsed.values.cwd as string | undefined, parsed.positionals);
    return await command.run({ values: parsed.values, positionals: root.positionals, root: root.root, io });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`citemark ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const system = error as NodeJS.ErrnoException;
    if (typeof system?.syscall === 'string' && typeof system.code === 'string') {
      // A disk error (EIO, EACCES, ENOSPC…) while writing: every write is all-or-nothing, so say so in one line.
      const where = system.path ? ` \`${system.path}\`` : '';
      io.stderr.write(`citemark ${name}: could not ${system.syscall}${where}: ${system.code}; no file was changed. Fix the cause and run again.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/**
 * The project root is `--cwd`, or the current folder. As a convenience, a
 * single positional that is itself a project folder (it holds `references/`)
 * becomes the root: `citemark lint tests/fixtures/seeds-raw`.
 */
async function findRoot(cwd: string, cwdOption: string | undefined, positionals: string[]): Promise<{ root: string; positionals: string[] }> {
  const root = resolve(cwd, cwdOption ?? '.');
  if (!existsSync(root)) throw new UsageError(`\`--cwd ${cwdOption}\` does not exist; pass the folder that holds \`articles/\` and \`references/\`.`);
  if (positionals.length === 1) {
    const candidate = resolve(root, positionals[0]!);
    if (candidate !== root && existsSync(resolve(candidate, 'references')) && existsSync(resolve(candidate, 'articles'))) {
      return { root: candidate, positionals: [] };
    }
  }
  return { root, positionals };
}

function helpText(): string {
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(8)} ${c.summary}`);
  return `citemark ${VERSION}: citations and evidence for health articles in Markdown\n\nUsage: citemark <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nOptions for every command:\n  --cwd DIR   the project folder (holds articles/ and references/); default: the current folder\n  --help      show a command's options\n\nExit codes: 0 no errors, 1 lint errors (or too many warnings), 2 usage, config or internal error.\n`;
}
