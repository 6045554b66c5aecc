/**
 * `citemark dedupe`: duplicate groups (the definition `duplicate-reference`
 * uses), the pairs that are only possibly one work, and copies that failed
 * validation; with `--fix`, one merged item per group and every citation of a
 * removed key in the articles rewritten to the kept key through the source
 * offsets of its mdast position (nothing else in the article changes).
 *
 * Members may share a file with other items: a removed member's record is
 * cut from its `.bib`/`.ris`/`.yaml`/`.json` file (`records.ts`, the rest of
 * the file kept byte for byte); the merged item replaces the kept record in
 * place in a YAML or JSON list, and otherwise goes to its canonical file
 * `references/<id>.yaml` (a BibTeX or RIS record cannot carry every CSL
 * field back). Everything is written in one all-or-nothing commit.
 *
 * The editor decides through {@link DedupeFixOptions.decide} (`--interactive`)
 * or a plan written by {@link planDuplicates} and applied by
 * {@link applyPlan}, which refuses when the bibliography changed since.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { analyseDuplicates, type DuplicateAnalysis, type DuplicateGroup, type FieldDifference, type PossibleWhy } from '../bibliography/dedupe.js';
import { loadBibliography } from '../bibliography/load.js';
import { chooseKept, mergeGroup, type MergeConflict } from '../bibliography/merge.js';
import { formatForPath, parseBibliographyText } from '../bibliography/parse.js';
import { canReplaceIn, editBibliographyText, RecordEditError, type RecordEdit } from '../bibliography/records.js';
import type { CslItem } from '../bibliography/schema.js';
import type { BibEntry, Bibliography } from '../bibliography/types.js';
import { keyRange } from '../citations/key-range.js';
import { decodeArticle, parseArticle, startsWithBom } from '../document/article.js';
import { loadProjectConfig, findArticles, DEFAULT_REFERENCE_PATTERNS } from '../document/project.js';
import { RULE_OPTIONS } from '../rules/index.js';
import type { CitemarkConfig } from '../document/config.js';
import { commitFiles, nodeAtomicFs, type AtomicFs, type FileChange } from '../util/atomic.js';
import { canonicalFile } from './files.js';

export interface DedupeMemberReport {
  id: string;
  file: string;
  line: number;
  reason?: string;
  differences: FieldDifference[];
}

export interface DedupeGroupReport {
  /** In file order. */
  members: DedupeMemberReport[];
  /** The key `--fix` keeps. */
  kept: string;
}

/** A copy that failed validation, matched to a group by DOI or PMID. */
export interface BrokenCopyReport {
  /** Its key as read, when it has one. */
  id?: string;
  file: string;
  line: number;
  reason: 'DOI' | 'PMID';
  /** The valid records of its work (may be empty when every copy failed). */
  copyOf: { id: string; file: string; line: number }[];
}

export interface PossibleReport {
  ids: [string, string];
  files: [string, string];
  lines: [number, number];
  linkedBy: string;
  why: PossibleWhy;
  detail: string;
  differences: FieldDifference[];
}

export interface DedupeListing {
  groups: DedupeGroupReport[];
  brokenCopies: BrokenCopyReport[];
  possible: PossibleReport[];
  bibliography: Bibliography;
  analysis: DuplicateAnalysis;
  /** The groups `--fix` can merge (two or more valid members), in the order of `groups`. */
  duplicateGroups: DuplicateGroup[];
  /** Hash of the bibliography files as read, for plans. */
  hash: string;
}

/** Hash over every bibliography file's path and bytes: a plan is only applied to the bibliography it was made from. */
async function bibliographyHash(root: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(file).update('\u0000');
    hash.update(await readFile(join(root, file)));
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

export async function listDuplicates(root: string, config?: CitemarkConfig): Promise<DedupeListing> {
  const cfg = config ?? (await loadProjectConfig(root, RULE_OPTIONS));
  const bibliography = await loadBibliography(root, { patterns: cfg.references ?? DEFAULT_REFERENCE_PATTERNS });
  const hash = await bibliographyHash(root, bibliography.files);
  const analysis = analyseDuplicates(bibliography.entries, bibliography.rejected);
  const duplicateGroups = analysis.groups.filter((g) => g.members.length >= 2);
  const groups = duplicateGroups.map((group) => ({
    members: group.members.map((m) => ({
      id: m.entry.item.id,
      file: m.entry.source.file,
      line: m.entry.source.line,
      ...(m.reason ? { reason: m.reason } : {}),
      differences: m.differences,
    })),
    kept: chooseKept(group.members.map((m) => m.entry)).item.id,
  }));
  const brokenCopies: BrokenCopyReport[] = [];
  for (const group of analysis.groups) {
    for (const copy of group.brokenCopies ?? []) {
      const id = copy.record.fields.id;
      brokenCopies.push({
        ...(id ? { id } : {}),
        file: copy.record.source.file,
        line: copy.record.source.line,
        reason: copy.reason,
        copyOf: group.members.map((m) => ({ id: m.entry.item.id, file: m.entry.source.file, line: m.entry.source.line })),
      });
    }
  }
  const possible = analysis.possible.map((p) => ({
    ids: [p.first.item.id, p.second.item.id] as [string, string],
    files: [p.first.source.file, p.second.source.file] as [string, string],
    lines: [p.first.source.line, p.second.source.line] as [number, number],
    linkedBy: p.linkedBy,
    why: p.why,
    detail: p.detail,
    differences: p.differences,
  }));
  return { groups, brokenCopies, possible, bibliography, analysis, duplicateGroups, hash };
}

/** What to do with one group: the key to keep, the keys merged into it, and the editor's pick per conflicting field. */
export interface MergeDecision {
  keep: string;
  remove: string[];
  /** Field → the key whose value the merged item carries. */
  fields?: Record<string, string>;
}

/** The values one conflicting field has in a group, each with the key it comes from; the first is the one kept by default. */
export interface FieldChoice {
  field: string;
  options: { id: string; value: string }[];
  /** The key whose value is kept unless the editor picks another. */
  kept: string;
}

/** The fields on which a group's members disagree when `keep` survives, with every value offered. */
export function fieldChoices(members: readonly BibEntry[], keep: string): FieldChoice[] {
  const merge = mergeGroup(members, { keep });
  const byField = new Map<string, FieldChoice>();
  for (const conflict of merge.conflicts) {
    if (conflict.field.startsWith('custom.')) continue;
    let choice = byField.get(conflict.field);
    if (!choice) byField.set(conflict.field, (choice = { field: conflict.field, options: [conflict.kept], kept: conflict.kept.id }));
    if (!choice.options.some((o) => o.id === conflict.dropped.id)) choice.options.push(conflict.dropped);
  }
  return [...byField.values()];
}

/** One group as offered to the editor. */
export interface GroupProposal {
  /** 0-based, among the groups `--fix` can merge. */
  index: number;
  total: number;
  report: DedupeGroupReport;
  members: BibEntry[];
  /** What `--fix` does without the editor (for a possible pair: what merging would do, if the editor says they are one work). */
  decision: MergeDecision;
  /** Set on a pair that is only possibly one work: never merged unless the editor says so. */
  possible?: { why: PossibleWhy; detail: string };
}

/** The editor's answer for one group: a decision, `skip` this group, or `quit` (skip this one and every later one). */
export type EditorAnswer = MergeDecision | 'skip' | 'quit';

export interface MergedGroup {
  kept: string;
  removed: string[];
  conflicts: MergeConflict[];
  /** Where the merged item is written, relative. */
  file: string;
  /** Files deleted because the only record they held was merged away. */
  deletedFiles: string[];
  /** Files in which records were cut or replaced (other items stay). */
  editedFiles: string[];
}

export interface SkippedGroup {
  ids: string[];
  reason: string;
}

export interface DedupeFixResult {
  merged: MergedGroup[];
  skipped: SkippedGroup[];
  /** Copies that failed validation: never merged; fix or delete them. */
  brokenCopies: BrokenCopyReport[];
  /** Articles whose citations were rewritten, with the number of keys changed. */
  articles: { file: string; rewrites: number }[];
  written: boolean;
}

export interface DedupeFixOptions {
  config?: CitemarkConfig;
  /** With `decide`: also offer the pairs that are only possibly one work (default answer: not merged). */
  reviewPossible?: boolean;
  /** Asked once per group (`--interactive`); the automatic decision is used when absent. */
  decide?: (proposal: GroupProposal) => Promise<EditorAnswer>;
  /** Merge exactly these (from a plan) instead of the groups found. */
  decisions?: readonly MergeDecision[];
  /** Named in each merged item's `note`. */
  by?: string;
  dryRun?: boolean;
  fs?: AtomicFs;
}

function automaticDecision(members: readonly BibEntry[]): MergeDecision {
  const kept = chooseKept(members).item.id;
  return { keep: kept, remove: members.filter((m) => m.item.id !== kept).map((m) => m.item.id) };
}

/** The proposals `--fix` works through, in order. */
export function proposals(listing: DedupeListing, options: { possible?: boolean } = {}): GroupProposal[] {
  const pairs = options.possible ? listing.analysis.possible : [];
  const total = listing.duplicateGroups.length + pairs.length;
  const out: GroupProposal[] = listing.duplicateGroups.map((group, index) => {
    const members = group.members.map((m) => m.entry);
    return { index, total, report: listing.groups[index]!, members, decision: automaticDecision(members) };
  });
  pairs.forEach((pair, i) => {
    const members = [pair.first, pair.second];
    const report = listing.possible[i]!;
    out.push({
      index: listing.duplicateGroups.length + i,
      total,
      report: {
        members: members.map((m, k) => ({ id: m.item.id, file: m.source.file, line: m.source.line, ...(k > 0 ? { reason: pair.linkedBy } : {}), differences: k > 0 ? report.differences : [] })),
        kept: chooseKept(members).item.id,
      },
      members,
      decision: automaticDecision(members),
      possible: { why: pair.why, detail: pair.detail },
    });
  });
  return out;
}

/** Per bibliography file: its text as read, and the record edits gathered so far. */
interface FileWork {
  text: string;
  edits: RecordEdit[];
}

class MergeWork {
  readonly files = new Map<string, FileWork>();
  readonly creations = new Map<string, string>();
  constructor(private readonly root: string) {}

  async fileWork(file: string): Promise<FileWork> {
    let work = this.files.get(file);
    if (!work) {
      work = { text: await readFile(join(this.root, file), 'utf8'), edits: [] };
      this.files.set(file, work);
    }
    return work;
  }

  /** The file's new text (or null to delete it) with all its edits, or a thrown RecordEditError. */
  result(file: string, extra: readonly RecordEdit[] = []): string | null {
    const work = this.files.get(file)!;
    const format = formatForPath(file)!;
    return editBibliographyText(work.text, file, format, [...work.edits, ...extra]);
  }
}

function recordCount(text: string, file: string): number {
  const format = formatForPath(file);
  if (!format) return 0;
  const parsed = parseBibliographyText(text, file, format);
  return parsed.entries.length + parsed.rejected.length;
}

/**
 * Plans one group's file changes into `work`, or says why it cannot be
 * merged. Nothing is added to `work` unless the whole group fits.
 */
async function planGroup(
  work: MergeWork,
  bibliography: Bibliography,
  members: readonly BibEntry[],
  decision: MergeDecision,
  by: string | undefined,
): Promise<{ merged: MergedGroup; item: CslItem } | { reason: string }> {
  let merge;
  try {
    merge = mergeGroup(members, { keep: decision.keep, ...(decision.fields ? { fields: decision.fields } : {}), ...(by ? { by } : {}) });
  } catch (error) {
    return { reason: (error as Error).message };
  }
  const kept = merge.kept;
  const edits = new Map<string, RecordEdit[]>();
  const addEdit = (file: string, edit: RecordEdit): void => {
    const list = edits.get(file);
    if (list) list.push(edit);
    else edits.set(file, [edit]);
  };
  const ref = (entry: BibEntry) => ({ line: entry.source.line, column: entry.source.column, id: entry.item.id });
  for (const member of merge.removed) addEdit(member.source.file, { kind: 'remove', ...ref(member) });

  const keptFormat = formatForPath(kept.source.file);
  const keptText = (await work.fileWork(kept.source.file)).text;
  const keptShares = recordCount(keptText, kept.source.file) > 1;
  let target: string;
  let canonicalText: string | undefined;
  try {
    if (keptShares && keptFormat && canReplaceIn(keptFormat)) {
      addEdit(kept.source.file, { kind: 'replace', item: merge.item, ...ref(kept) });
      target = kept.source.file;
    } else {
      const canonical = canonicalFile(merge.item);
      target = canonical.file;
      canonicalText = canonical.text;
      // The kept record leaves a shared BibTeX/RIS file for its canonical file; a file of its own is replaced.
      if (keptShares) addEdit(kept.source.file, { kind: 'remove', ...ref(kept) });
    }
  } catch (error) {
    return { reason: (error as Error).message };
  }

  // Check each touched file with this group's edits added to those already planned.
  const outcome = new Map<string, string | null>();
  for (const [file, list] of edits) {
    await work.fileWork(file);
    try {
      outcome.set(file, work.result(file, list));
    } catch (error) {
      if (error instanceof RecordEditError) return { reason: error.message };
      throw error;
    }
  }
  const memberFiles = new Set(members.map((m) => m.source.file));
  const deletedFiles = members
    .map((m) => m.source.file)
    .filter((file, i, all) => all.indexOf(file) === i)
    .filter((file) => (edits.has(file) ? outcome.get(file) === null : file !== target));
  if (canonicalText !== undefined) {
    const freed = deletedFiles.includes(target) || (memberFiles.has(target) && !edits.has(target));
    if ((bibliography.files.includes(target) && !freed) || work.creations.has(target)) {
      return { reason: `\`${target}\` already holds another item; rename that file and run again` };
    }
  }
  for (const [file, list] of edits) (work.files.get(file) as FileWork).edits.push(...list);
  for (const file of deletedFiles) if (!edits.has(file)) work.creations.set(file, '\u0000delete');
  if (canonicalText !== undefined) work.creations.set(target, canonicalText);
  return {
    merged: {
      kept: kept.item.id,
      removed: merge.removed.map((r) => r.item.id),
      conflicts: merge.conflicts,
      file: target,
      deletedFiles: deletedFiles.filter((f) => f !== target),
      editedFiles: [...edits.keys()].filter((f) => outcome.get(f) !== null),
    },
    item: merge.item,
  };
}

/** Merges the duplicate groups (or the given decisions) and rewrites the articles' citations, all or nothing. */
export async function fixDuplicates(root: string, options: DedupeFixOptions = {}): Promise<DedupeFixResult> {
  const config = options.config ?? (await loadProjectConfig(root, RULE_OPTIONS));
  const listing = await listDuplicates(root, config);
  return mergeDecided(root, config, listing, options);
}

/** With `strict`, nothing is written when any group cannot be merged (a plan is applied whole or not at all). */
async function mergeDecided(root: string, config: CitemarkConfig, listing: DedupeListing, options: DedupeFixOptions, strict = false): Promise<DedupeFixResult> {
  const result: DedupeFixResult = { merged: [], skipped: [], brokenCopies: listing.brokenCopies, articles: [], written: false };
  const work = new MergeWork(root);
  const rename = new Map<string, string>();
  const byId = listing.bibliography.byId;

  const chosen: { members: BibEntry[]; decision: MergeDecision }[] = [];
  if (options.decisions) {
    for (const decision of options.decisions) {
      const members = [decision.keep, ...decision.remove].map((id) => byId.get(id)).filter((e): e is BibEntry => e !== undefined);
      members.sort((a, b) => (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : a.source.line - b.source.line));
      chosen.push({ members, decision });
    }
  } else {
    let quit = false;
    const used = new Set<string>();
    for (const proposal of proposals(listing, { possible: Boolean(options.decide && options.reviewPossible) })) {
      const ids = proposal.members.map((m) => m.item.id);
      if (quit) {
        result.skipped.push({ ids, reason: 'declined' });
        continue;
      }
      // A pair touching a record already merged in this run waits for the next run, which sees the merged item.
      if (proposal.possible && ids.some((id) => used.has(id))) {
        result.skipped.push({ ids, reason: 'one of them is merged above in this run; run `citemark dedupe --interactive` again to judge the pair' });
        continue;
      }
      const answer = options.decide ? await options.decide(proposal) : proposal.decision;
      if (answer === 'skip' || answer === 'quit') {
        quit = answer === 'quit';
        result.skipped.push({ ids, reason: 'declined' });
        continue;
      }
      chosen.push({ members: proposal.members, decision: answer });
      for (const id of ids) used.add(id);
    }
  }

  for (const { members, decision } of chosen) {
    const ids = members.map((m) => m.item.id);
    const planned = await planGroup(work, listing.bibliography, members, decision, options.by);
    if ('reason' in planned) {
      result.skipped.push({ ids, reason: planned.reason });
      continue;
    }
    for (const removed of planned.merged.removed) rename.set(removed, planned.merged.kept);
    result.merged.push(planned.merged);
  }

  const changes = new Map<string, string | null>();
  for (const file of work.files.keys()) {
    if ((work.files.get(file) as FileWork).edits.length > 0) changes.set(file, work.result(file));
  }
  for (const [file, text] of work.creations) {
    if (changes.has(file) && text === '\u0000delete') continue;
    changes.set(file, text === '\u0000delete' ? null : text);
  }
  if (rename.size > 0) {
    for (const file of await findArticles(root, config)) {
      const rewritten = await rewriteCitations(root, file, rename);
      if (!rewritten) continue;
      changes.set(file, rewritten.content);
      result.articles.push({ file, rewrites: rewritten.rewrites });
    }
  }
  if (options.dryRun || changes.size === 0 || (strict && result.skipped.length > 0)) return result;
  const fileChanges: FileChange[] = [...changes].map(([file, content]) => ({ path: join(root, file), content }));
  await commitFiles(fileChanges, options.fs ?? nodeAtomicFs);
  result.written = true;
  return result;
}

// ---------------------------------------------------------------- plans

const planSchema = z.object({
  citemark: z.literal('dedupe-plan'),
  version: z.literal(1),
  bibliography: z.string().regex(/^[0-9a-f]{64}$/),
  merges: z.array(
    z
      .object({
        keep: z.string().min(1),
        remove: z.array(z.string().min(1)).min(1),
        fields: z.record(z.string(), z.string()).optional(),
      })
      .passthrough(),
  ),
}).passthrough();

export type DedupePlan = z.infer<typeof planSchema>;

export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** The plan `--apply` would carry out: every group's decision, plus the possible pairs and broken copies for the reviewer (never applied). */
export function planFromListing(listing: DedupeListing, decisions?: readonly MergeDecision[]): DedupePlan {
  const chosen = decisions ?? proposals(listing).map((p) => p.decision);
  const merges = chosen.map((decision) => {
    const members = [decision.keep, ...decision.remove].map((id) => listing.bibliography.byId.get(id)).filter((e): e is BibEntry => e !== undefined);
    const choices = fieldChoices(members, decision.keep);
    const fields: Record<string, string> = { ...Object.fromEntries(choices.map((c) => [c.field, c.kept])), ...(decision.fields ?? {}) };
    return {
      keep: decision.keep,
      remove: decision.remove,
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
      // For the reviewer: every value each conflicting field has, by key.
      conflicts: Object.fromEntries(choices.map((c) => [c.field, Object.fromEntries(c.options.map((o) => [o.id, o.value]))])),
    };
  });
  return {
    citemark: 'dedupe-plan',
    version: 1,
    bibliography: listing.hash,
    merges,
    possible: listing.possible.map((p) => ({ ids: p.ids, why: p.why, detail: p.detail })),
    brokenCopies: listing.brokenCopies.map((b) => ({ ...(b.id ? { id: b.id } : {}), file: b.file, line: b.line, copyOf: b.copyOf.map((c) => c.id) })),
  };
}

/** Reads a plan file's text; throws PlanError with what is wrong. */
export function parsePlan(text: string, where: string): DedupePlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanError(`\`${where}\` is not JSON (${(error as Error).message}); write it with \`citemark dedupe --plan ${where}\``);
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanError(`\`${where}\` is not a dedupe plan (\`${issue?.path.join('.') ?? ''}\`: ${issue?.message ?? 'invalid'}); write it with \`citemark dedupe --plan ${where}\``);
  }
  return parsed.data;
}

/**
 * Applies exactly the merges of `plan`, refusing (PlanError, nothing
 * written) when the bibliography is not the one the plan was made from, or
 * the plan names a key twice or one the bibliography lacks.
 */
export async function applyPlan(root: string, plan: DedupePlan, options: Omit<DedupeFixOptions, 'decide' | 'decisions'> = {}): Promise<DedupeFixResult> {
  const config = options.config ?? (await loadProjectConfig(root, RULE_OPTIONS));
  const listing = await listDuplicates(root, config);
  if (listing.hash !== plan.bibliography) {
    throw new PlanError('The bibliography changed since the plan was made (its files are not the ones the plan was made from); make a new plan with `citemark dedupe --plan` and review it again. Nothing was written.');
  }
  const seen = new Set<string>();
  for (const merge of plan.merges) {
    for (const id of [merge.keep, ...merge.remove]) {
      if (!listing.bibliography.byId.has(id)) throw new PlanError(`The plan names \`${id}\`, which is not a valid item of the bibliography; fix the plan or make a new one. Nothing was written.`);
      if (seen.has(id)) throw new PlanError(`The plan names \`${id}\` in two merges; keep it in one. Nothing was written.`);
      seen.add(id);
    }
  }
  const decisions = plan.merges.map((m) => ({ keep: m.keep, remove: m.remove, ...(m.fields ? { fields: m.fields } : {}) }));
  const result = await mergeDecided(root, config, listing, { ...options, decisions, by: options.by ?? '`citemark dedupe --apply`' }, true);
  if (result.skipped.length > 0) {
    const why = result.skipped.map((s) => `${s.ids.map((i) => `\`${i}\``).join(', ')}: ${s.reason}`).join('; ');
    throw new PlanError(`The plan cannot be applied as written (${why}); fix the plan or make a new one. Nothing was written.`);
  }
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
