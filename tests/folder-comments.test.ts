/**
 * Each folder under src/ opens its entry module with a comment saying what
 * the folder is, what it may import and what imports it. This keeps the
 * "May import:" sentence true: every module the folder's files import from
 * outside the folder must be named there, as a folder (`bibliography/`) or a
 * file (`document/errors.ts`). dependency-cruiser (`npm run lint:layers`)
 * checks the same direction from the rules' side.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.js';

const SRC = join(REPO, 'src');

/** The entry module of each folder that has no index.ts. */
const ENTRY: Record<string, string> = {
  adapters: 'citation-js.ts',
  cli: 'main.ts',
  document: 'project.ts',
  format: 'csl.ts',
  'import/training': 'cli-common.ts',
  lint: 'project.ts',
  manage: 'add.ts',
  util: 'atomic.ts',
};

/** Folders under src/ (relative, `/`-separated) that hold TypeScript modules. */
function sourceFolders(dir = SRC): string[] {
  const out: string[] = [];
  const names = readdirSync(dir);
  if (dir !== SRC && names.some((n) => n.endsWith('.ts'))) out.push(relative(SRC, dir).split('\\').join('/'));
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFolders(path));
  }
  return out;
}

/** The leading block comment of a module (after a shebang or line comments). */
function openingComment(text: string): string {
  const body = text.replace(/^#!.*\n/, '').replace(/^(?:\/\/.*\n)+/, '');
  const match = /^\/\*\*?([\s\S]*?)\*\//.exec(body);
  return match ? match[1]!.replace(/^\s*\* ?/gm, '').replace(/\s+/g, ' ') : '';
}

/** The sentence after `label` up to the next `Label:` or the end of the comment. */
function sentence(comment: string, label: string): string | undefined {
  const at = comment.indexOf(label);
  if (at < 0) return undefined;
  const rest = comment.slice(at + label.length);
  const end = rest.search(/\b[A-Z][a-z]+(?: by)?:/);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Every `./` or `../` module specifier a file imports or re-exports, resolved relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)['"](\.\.?\/[^'"]+)['"]/g)) {
    out.push(relative(SRC, resolve(dirname(file), m[1]!)).split('\\').join('/').replace(/\.js$/, '.ts'));
  }
  return out;
}

/** What the folder's own files (not those of its subfolders) import from outside it and its subfolders. */
function outsideImports(folder: string): string[] {
  const dir = join(SRC, folder);
  const targets = new Set<string>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.ts')) continue;
    for (const target of importsOf(join(dir, name))) if (!target.startsWith(`${folder}/`)) targets.add(target);
  }
  return [...targets].sort();
}

function covered(target: string, allowed: readonly string[]): boolean {
  return allowed.some((name) => (name.endsWith('/') ? target.startsWith(name) : target === name));
}

const folders = sourceFolders();

it('finds the folders', () => {
  expect(folders).toEqual(expect.arrayContaining(['document', 'lint', 'rules', 'adapters/citeproc', 'util']));
});

describe.each(folders)('src/%s/', (folder) => {
  const entry = join(SRC, folder, ENTRY[folder] ?? 'index.ts');
  const comment = openingComment(readFileSync(entry, 'utf8'));

  it('opens its entry module with what it may import and what imports it', () => {
    expect(sentence(comment, 'May import:'), `${relative(REPO, entry)}: no "May import:"`).toBeDefined();
    expect(sentence(comment, 'Imported by:'), `${relative(REPO, entry)}: no "Imported by:"`).toBeDefined();
  });

  it('imports only what its comment allows', () => {
    const allowedText = sentence(comment, 'May import:') ?? '';
    if (/\bevery folder\b/.test(allowedText)) return;
    const allowed = [...allowedText.matchAll(/`?([a-z][\w-]*(?:\/[\w-]+)*(?:\/|\.ts|\.json))`?/g)].map((m) => m[1]!);
    const outside = outsideImports(folder).filter((target) => !covered(target, allowed));
    expect(outside, `${relative(REPO, entry)} says "May import: ${allowedText.trim()}"`).toEqual([]);
  });
});
