/**
 * Dispatches `citemark <command>`. Argument parsing, help and exit codes
 * only: every command is a call into the library.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../document/errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { VERSION } from '../version.js';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Command, type OptionSpec } from './io.js';
import { lintCommand, LINT_OPTIONS } from './lint.js';
import { renderCommand } from './render.js';
import { importCommand } from './import.js';
import { addCommand } from './add.js';
import { dedupeCommand } from './dedupe.js';
import { reportCommand } from './report.js';
import { refreshCommand } from './refresh.js';
import { mergeReportsCommand } from './merge.js';

/** Options every command takes. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  cwd: { type: 'string', value: 'DIR', description: 'the project folder (holds `articles/` and `references/`); default: the current folder' },
  help: { type: 'boolean', short: 'h', description: "show the command's options and examples" },
};

export const COMMANDS: Record<string, Command> = {
  lint: {
    summary: 'Check articles and the bibliography',
    usage: 'citemark lint [paths…] [options]',
    options: LINT_OPTIONS,
    examples: [
      'npx citemark lint',
      'npx citemark lint articles/ketamine-pain-relief.md --format json',
      'npx citemark lint --format sarif > citemark.sarif',
      'npx citemark lint --shard 1/4 --format json > shard-1.json',
      'npx citemark merge-reports shard-*.json --format sarif > citemark.sarif',
    ],
    run: lintCommand,
  },
  render: renderCommand,
  import: importCommand,
  add: addCommand,
  dedupe: dedupeCommand,
  report: reportCommand,
  refresh: refreshCommand,
  'merge-reports': mergeReportsCommand,
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout.write(helpText());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === 'help') {
    const about = rest[0];
    if (about === undefined) {
      io.stdout.write(helpText());
      return EXIT_OK;
    }
    const command = COMMANDS[about];
    if (!command) return unknownCommand(about, io);
    io.stdout.write(commandHelp(about, command));
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return unknownCommand(name, io);
  try {
    const parsed = parseCommandArgs(name, command, rest);
    if (parsed.values.help === true) {
      io.stdout.write(commandHelp(name, command));
      return EXIT_OK;
    }
    const root = findRoot(io.cwd, parsed.values.cwd as string | undefined, parsed.positionals);
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

function unknownCommand(name: string, io: CliIo): number {
  if (name.startsWith('-')) {
    io.stderr.write(`citemark: \`${name}\` is not a command; the command comes first, e.g. \`citemark lint ${name}\`. Run \`citemark --help\` to see the commands.\n`);
  } else {
    io.stderr.write(`citemark: unknown command \`${name}\`${didYouMean(name, Object.keys(COMMANDS)) || '.'} Run \`citemark --help\` to see the commands.\n`);
  }
  return EXIT_USAGE;
}

/**
 * Parses a command's arguments against its options (and the common ones).
 * node's `parseArgs` reads them; the checks and messages are ours, so each
 * mistake names the option, what it takes and the nearest real option.
 */
export function parseCommandArgs(name: string, command: Command, args: string[]): { values: Record<string, unknown>; positionals: string[] } {
  const specs: Record<string, OptionSpec> = { ...COMMON_OPTIONS, ...command.options };
  const options = Object.fromEntries(
    Object.entries(specs).map(([long, spec]) => [long, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }]),
  );
  const { values, positionals, tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const usage = `Usage: ${command.usage}; \`citemark ${name} --help\` lists every option.`;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = Object.prototype.hasOwnProperty.call(specs, token.name) ? specs[token.name] : undefined;
    if (!spec) {
      const longNames = Object.keys(specs);
      const near = token.rawName.startsWith('--') ? didYouMean(token.name, longNames, (n) => `--${n}`) : '';
      throw new UsageError(`unknown option \`${token.rawName}\`${near || '.'} ${usage}`);
    }
    const shown = `--${token.name}`;
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`\`${shown}\` takes no value (got \`${token.rawName}=${token.value}\`); write just \`${shown}\`.`);
    }
    if (spec.type === 'string') {
      const placeholder = spec.value ?? 'VALUE';
      // `--format --quiet`: the next argument is another option, not this one's value (a negative number is a value).
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && !/^-\d/.test(token.value))) {
        throw new UsageError(`\`${shown}\` needs a value: \`${shown} ${placeholder}\`. ${usage}`);
      }
      if (spec.choices && !spec.choices.includes(token.value)) {
        const lower = spec.choices.find((c) => c === token.value.toLowerCase());
        if (lower) {
          (values as Record<string, unknown>)[token.name] = lower;
          continue;
        }
        throw new UsageError(
          `\`${shown} ${token.value}\` is not one of ${spec.choices.map((c) => `\`${c}\``).join(', ')}${didYouMean(token.value, spec.choices) || '.'}`,
        );
      }
    }
  }
  return { values, positionals };
}

/**
 * The project root is `--cwd`, or the current folder. As a convenience, a
 * single positional that is itself a project folder (it holds `references/`)
 * becomes the root: `citemark lint tests/fixtures/seeds-raw`.
 */
function findRoot(cwd: string, cwdOption: string | undefined, positionals: string[]): { root: string; positionals: string[] } {
  const root = resolve(cwd, cwdOption ?? '.');
  if (!existsSync(root)) throw new UsageError(`\`--cwd ${cwdOption}\` does not exist; pass the folder that holds \`articles/\` and \`references/\`.`);
  if (!statSync(root).isDirectory()) {
    throw new UsageError(
      `\`--cwd ${cwdOption}\` is a file, not a folder; pass the project folder (the one that holds \`articles/\` and \`references/\`), and name an article as a path: \`citemark lint ${cwdOption}\`.`,
    );
  }
  if (positionals.length === 1) {
    const candidate = resolve(root, positionals[0]!);
    if (candidate !== root && existsSync(resolve(candidate, 'references')) && existsSync(resolve(candidate, 'articles'))) {
      return { root: candidate, positionals: [] };
    }
  }
  return { root, positionals };
}

/** One line per option: `  -f, --format stylish|json  what it does`, aligned. */
function optionLines(specs: Readonly<Record<string, OptionSpec>>): string[] {
  const left = Object.entries(specs).map(([long, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
    return { text: `  ${short}--${long}${value}`, description: spec.description ?? '' };
  });
  const width = Math.max(...left.map((l) => l.text.length)) + 2;
  return left.map((l) => (l.description ? `${l.text.padEnd(width)}${l.description}` : l.text));
}

/** `citemark <command> --help`: what it does, every option on one line each, examples. */
export function commandHelp(name: string, command: Command): string {
  const own = Object.keys(command.options).length > 0 ? `Options:\n${optionLines(command.options).join('\n')}\n\n` : '';
  const examples = command.examples && command.examples.length > 0 ? `Examples:\n${command.examples.map((e) => `  ${e}`).join('\n')}\n\n` : '';
  return (
    `citemark ${name}: ${command.summary}.\n\n` +
    `Usage: ${command.usage}\n\n` +
    own +
    `Options for every command:\n${optionLines(COMMON_OPTIONS).join('\n')}\n\n` +
    examples +
    'Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage, config or internal error.\n'
  );
}

function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}${c.summary}`);
  return (
    `citemark ${VERSION}: citations and evidence for health articles in Markdown\n\n` +
    `Usage: citemark <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
    `Options for every command:\n${optionLines(COMMON_OPTIONS).join('\n')}\n\n` +
    'Run `citemark <command> --help` (or `citemark help <command>`) for its options and examples.\n\n' +
    'Exit codes: 0 no errors, 1 lint errors (or too many warnings), 2 usage, config or internal error.\n'
  );
}
