/**
 * `citemark dedupe`: duplicate groups (the definition `duplicate-reference`
 * uses) and, with `--fix`, one merged item per group: the kept key's
 * canonical file, the other members' files deleted, and every citation of a
 * removed key in the articles rewritten to the kept key through the source
 * offsets of its mdast position (nothing else in the article changes).
 * Everything is written in one all-or-nothing commit.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findDuplicates, type DuplicateGroup, type FieldDifference } from '../bibliography/dedupe.js';
import { loadBibliography } from '../bibliography/load.js';
import { mergeGroup, type MergeConflict } from '../bibliography/merge.js';
import type { BibEntry, Bibliography } from '../bibliography/types.js';
import { keyRange } from '../citations/key-range.js';
import { decodeArticle, parseArticle } from '../lint/article.js';
import { startsWithBom } from '../lint/fix.js';
import { loadProjectConfig, findArticles, DEFAULT_REFERENCE_PATTERNS } from '../lint/project.js';
import type { CitemarkConfig } from '../lint/config.js';
import { commitFiles, nodeAtomicFs, type AtomicFs, type FileChange } from '../util/atomic.js';
import { canonicalFile, holdsOneItem } from './files.js';

export interface DedupeGroupReport {
  /** In file order. */
  members: { id: string; file: string; line: number; reason?: string; differences: FieldDifference[] }[];
  /** The key `--fix` keeps. */
  kept: string;
}

export interface DedupeListing {
  groups: DedupeGroupReport[];
  bibliography: Bibliography;
  duplicateGroups: DuplicateGroup[];
}

export async function listDuplicates(root: string, config?: CitemarkConfig): Promise<DedupeListing> {
  const cfg = config ?? (await loadProjectConfig(root));
  const bibliography = await loadBibliography(root, { patterns: cfg.references ?? DEFAULT_REFERENCE_PATTERNS });
  const duplicateGroups = findDuplicates(bibliography.entries);
  const groups = duplicateGroups.map((group) => ({
    members: group.members.map((m) => ({
      id: m.entry.item.id,
      file: m.entry.source.file,
      line: m.entry.source.line,
      ...(m.reason ? { reason: m.reason } : {}),
      differences: m.differences,
    })),
    kept: mergeGroup(group.members.map((m) => m.entry)).kept.item.id,
  }));
  return { groups, bibliography, duplicateGroups };
}

export interface MergedGroup {
  kept: string;
  removed: string[];
  conflicts: MergeConflict[];
  /** The kept item's canonical file, relative. */
  file: string;
  deletedFiles: string[];
}

export interface SkippedGroup {
  ids: string[];
  reason: string;
}

export interface DedupeFixResult {
  merged: MergedGroup[];
  skipped: SkippedGroup[];
  /** Articles whose citations were rewritten, with the number of keys changed. */
  articles: { file: string; rewrites: number }[];
  written: boolean;
}

export interface DedupeFixOptions {
  config?: CitemarkConfig;
  /** Asked once per group; merge only when it answers true (`--interactive`). */
  confirm?: (group: DedupeGroupReport) => Promise<boolean>;
  dryRun?: boolean;
  fs?: AtomicFs;
}

/** Merges every duplicate group and rewrites the articles' citations, all or nothing. */
export async function fixDuplicates(root: string, options: DedupeFixOptions = {}): Promise<DedupeFixResult> {
  const config = options.config ?? (await loadProjectConfig(root));
  const listing = await listDuplicates(root, config);
  const result: DedupeFixResult = { merged: [], skipped: [], articles: [], written: false };
  const changes = new Map<string, string | null>();
  const rename = new Map<string, string>();
  const memberFiles = new Set(listing.duplicateGroups.flatMap((g) => g.members.map((m) => m.entry.source.file)));

  for (const [index, group] of listing.duplicateGroups.entries()) {
    const report = listing.groups[index]!;
    const members: BibEntry[] = group.members.map((m) => m.entry);
    const ids = members.map((m) => m.item.id);
    if (options.confirm && !(await options.confirm(report))) {
      result.skipped.push({ ids, reason: 'declined' });
      continue;
    }
    const crowded: string[] = [];
    for (const file of new Set(members.map((m) => m.source.file))) {
      if (!(await holdsOneItem(root, file))) crowded.push(file);
    }
    if (crowded.length > 0) {
      result.skipped.push({
        ids,
        reason: `${crowded.map((f) => `\`${f}\``).join(', ')} holds other items too; move each of ${ids.map((i) => `\`${i}\``).join(', ')} into its own file and run again`,
      });
      continue;
    }
    const merge = mergeGroup(members);
    const canonical = canonicalFile(merge.item);
    if (listing.bibliography.files.includes(canonical.file) && !memberFiles.has(canonical.file)) {
      result.skipped.push({ ids, reason: `\`${canonical.file}\` already holds another item; rename that file and run again` });
      continue;
    }
    changes.set(canonical.file, canonical.text);
    const deletedFiles: string[] = [];
    for (const member of members) {
      if (member.source.file !== canonical.file) {
        changes.set(member.source.file, null);
        deletedFiles.push(member.source.file);
      }
    }
    for (const removed of merge.removed) rename.set(removed.item.id, merge.kept.item.id);
    result.merged.push({ kept: merge.kept.item.id, removed: merge.removed.map((r) => r.item.id), conflicts: merge.conflicts, file: canonical.file, deletedFiles });
  }

  if (rename.size > 0) {
    for (const file of await findArticles(root, config)) {
      const rewritten = await rewriteCitations(root, file, rename);
      if (!rewritten) continue;
      changes.set(file, rewritten.content);
      result.articles.push({ file, rewrites: rewritten.rewrites });
    }
  }
  if (options.dryRun || changes.size === 0) return result;
  const fileChanges: FileChange[] = [...changes].map(([file, content]) => ({ path: join(root, file), content }));
  await commitFiles(fileChanges, options.fs ?? nodeAtomicFs);
  result.written = true;
  return result;
}

/** The article with every cited key in `rename` replaced, or undefined when it cites none (or cannot be read as an article). */
export async function rewriteCitations(root: string, file: string, rename: ReadonlyMap<string, string>): Promise<{ content: string; rewrites: number } | undefined> {
  const bytes = await readFile(join(root, file));
  const decoded = decodeArticle(bytes);
  if (!decoded.ok) return undefined;
  const article = parseArticle(file, decoded.source);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const citation of article.citations) {
    for (const item of citation.items) {
      const target = rename.get(item.key);
      if (target === undefined) continue;
      const range = keyRange(article.source, item);
      if (!range) throw new Error(`Cannot locate the key \`${item.key}\` at ${file}:${item.position.start.line}:${item.position.start.column}; nothing was written`);
      edits.push({ ...range, text: target });
    }
  }
  if (edits.length === 0) return undefined;
  edits.sort((a, b) => a.start - b.start);
  let output = '';
  let cursor = 0;
  for (const edit of edits) {
    output += article.source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  output += article.source.slice(cursor);
  return { content: (startsWithBom(bytes) ? '\uFEFF' : '') + output, rewrites: edits.length };
}
