/**
 * `lint --fix`: applies the text edits that rules attach to findings. Edits
 * go through the source offsets of the mdast positions, so every byte
 * outside them stays as it was (a BOM included); overlapping edits wait for
 * the next pass. Passes repeat in memory until nothing is left to fix, so a
 * second `--fix` run changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ALL_RULES } from '../rules/index.js';
import { commitFiles, nodeAtomicFs, type AtomicFs, type FileChange } from '../util/atomic.js';
import { decodeArticle, parseArticle, startsWithBom } from '../document/article.js';
import { lint } from './linter.js';
import type { ProjectLintResult } from './project.js';
import type { Finding, ParsedArticle } from './types.js';

export interface FixOutcome {
  output: string;
  applied: Finding[];
}

/** Applies the non-overlapping fixes of `findings` to `source` in one pass. */
export function applyFixes(source: string, findings: readonly Finding[]): FixOutcome {
  const fixable = findings
    .filter((f): f is Finding & { fix: NonNullable<Finding['fix']> } => f.fix !== undefined)
    .sort((a, b) => a.fix.start - b.fix.start || a.fix.end - b.fix.end);
  const applied: Finding[] = [];
  let output = '';
  let cursor = 0;
  for (const finding of fixable) {
    const { start, end, text } = finding.fix;
    if (start < cursor || end < start || end > source.length) continue;
    output += source.slice(cursor, start) + text;
    cursor = end;
    applied.push(finding);
  }
  output += source.slice(cursor);
  return { output, applied };
}

/** The rules whose findings carry fixes (`meta.fixable`). */
export const FIXABLE_RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.filter((r) => r.meta.fixable === 'code').map((r) => r.meta.id));

const MAX_PASSES = 10;

export interface ArticleFixResult {
  file: string;
  output: string;
  applied: Finding[];
}

function citationShape(article: ParsedArticle): { items: number; malformed: number } {
  return { items: article.citations.reduce((n, c) => n + c.items.length, 0), malformed: article.malformed.length };
}

/**
 * Fixes one article in memory: apply, reparse, relint, until no fix applies.
 * Undefined when nothing changes, or when the result would cite fewer items
 * or hold more malformed citations than before (a fix must never do that).
 */
export function fixArticle(article: ParsedArticle, findFixes: (article: ParsedArticle) => Finding[]): ArticleFixResult | undefined {
  const before = citationShape(article);
  let current = article;
  const applied: Finding[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const { output, applied: now } = applyFixes(current.source, findFixes(current));
    if (now.length === 0 || output === current.source) break;
    for (const finding of now) applied.push(finding);
    current = parseArticle(article.file, output);
  }
  if (current.source === article.source) return undefined;
  const after = citationShape(current);
  if (after.items !== before.items || after.malformed > before.malformed) return undefined;
  return { file: article.file, output: current.source, applied };
}


export interface ProjectFixResult {
  /** Articles rewritten, relative to the root. */
  changed: string[];
  /** Articles left alone because they changed on disk since they were linted. */
  skipped: string[];
}

/**
 * Fixes every linted article and writes the changed ones in one
 * all-or-nothing commit. A file whose text differs from what was linted is
 * skipped rather than overwritten; a BOM the file had is written back.
 */
export async function fixProject(root: string, linted: ProjectLintResult, options: { quiet?: boolean; fs?: AtomicFs } = {}): Promise<ProjectFixResult> {
  const rules = ALL_RULES.filter((r) => FIXABLE_RULE_IDS.has(r.meta.id));
  const findFixes = (article: ParsedArticle): Finding[] =>
    lint({ articles: [article], bibliography: linted.bibliography, vocabulary: linted.vocabulary, config: linted.config, rules, quiet: options.quiet }).get(article.file) ?? [];
  const changes: FileChange[] = [];
  const changed: string[] = [];
  const skipped: string[] = [];
  for (const article of linted.articles) {
    const result = fixArticle(article, findFixes);
    if (!result) continue;
    const path = resolve(root, article.file);
    const bytes = await readFile(path);
    const decoded = decodeArticle(bytes);
    if (!decoded.ok || decoded.source !== article.source) {
      skipped.push(article.file);
      continue;
    }
    changes.push({ path, content: (startsWithBom(bytes) ? '\uFEFF' : '') + result.output });
    changed.push(article.file);
  }
  if (changes.length > 0) await commitFiles(changes, options.fs ?? nodeAtomicFs);
  return { changed, skipped };
}
