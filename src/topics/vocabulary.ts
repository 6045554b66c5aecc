/**
 * The topic vocabulary: the built-in default (`default-topics.json`) or a
 * project's `references/topics.yaml`, validated with zod. A project file
 * replaces the default unless it says `extends: default`; then its topics
 * are added to the default's, and a topic with a default topic's id
 * replaces that topic whole. Anything wrong is a UsageError at file:line.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../document/errors.js';
import { parseUserYaml } from '../util/user-yaml.js';
import defaultTopicsJson from './default-topics.json' with { type: 'json' };
import { defaultEvidenceWords, evidenceWordsSchema, mergeEvidenceWords, type EvidenceWords } from '../evidence/words.js';
import { termTokens, type TermToken } from './text.js';

export const FACETS = ['intervention', 'test', 'mechanism', 'condition', 'outcome', 'aspect'] as const;
export type Facet = (typeof FACETS)[number];

const topicIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a topic id is lower-case words joined by hyphens, e.g. `nerve-block`');

export const topicSchema = z
  .object({
    id: topicIdSchema,
    label: z.string().trim().min(1),
    terms: z.array(z.string().trim().min(1)).min(1),
    broader: z.union([topicIdSchema, z.array(topicIdSchema)]).optional(),
    related: z.array(topicIdSchema).optional(),
    generic: z.boolean().optional(),
    /** A setting (`perioperative`, `icu-analgesia`): decides a match only for a claim with no other specific topic. */
    setting: z.boolean().optional(),
    /**
     * What kind of subject the topic is. Two sides disagree only where both name a subject of one kind: a claim
     * naming a drug citing a review of the condition it treats is not a mismatch. An `aspect` (cost, insurance,
     * regulation) is what a claim is wholly about, so it is compared with every kind. A `test` (imaging, a blood
     * test) is compared with treatments only where a work names them, never with a work on the condition it
     * diagnoses. Default `intervention`.
     */
    facet: z.enum(FACETS).optional(),
    /**
     * Words that signal the topic only in company: in a text that also names one of the `with` topics (or a
     * narrower one). `cancer` alone is oncology, not cancer pain; `cancer` with `opioids` is.
     */
    ambiguous: z.object({ terms: z.array(z.string().trim().min(1)).min(1), with: z.array(topicIdSchema).min(1) }).strict().optional(),
    /**
     * A subject outside the vocabulary's field (another species, another disease, another discipline). It never
     * matches a claim: a cited work about it and nothing in the vocabulary is reported as being about something else.
     */
    outside: z.boolean().optional(),
    /**
     * The conditions a treatment is used for and nothing else (`migraine-drugs`: `headache`): a side that names the
     * treatment and no condition is taken to be about them, so a triptan claim citing a depression trial disagrees.
     */
    indication: z.array(topicIdSchema).optional(),
    /** MeSH descriptors that mean the topic: a descriptor UI (`D007649`), a tree number prefix (`C10.668.829`), or a heading name. */
    mesh: z.array(z.string().trim().min(1)).optional(),
    note: z.string().optional(),
  })
  .strict();

export const vocabularyFileSchema = z
  .object({
    /** `default` adds to the built-in vocabulary instead of replacing it. */
    extends: z.literal('default').optional(),
    description: z.string().optional(),
    topics: z.array(topicSchema),
    /** The evidence detectors' word lists, added to the built-in ones with `extends: default`. */
    evidence: evidenceWordsSchema.optional(),
  })
  .strict();

export type TopicInput = z.infer<typeof topicSchema>;
export type VocabularyFile = z.infer<typeof vocabularyFileSchema>;

export interface Topic {
  id: string;
  label: string;
  terms: readonly string[];
  broader: readonly string[];
  related: readonly string[];
  /** Too broad to decide whether a citation fits a claim. */
  generic: boolean;
  /** A setting: it decides a match only when the claim has no other specific topic. */
  setting: boolean;
  facet: Facet;
  ambiguous?: { terms: readonly string[]; with: readonly string[] };
  outside: boolean;
  /** The conditions the treatment is used for and nothing else. */
  indication: readonly string[];
  mesh: readonly string[];
  note?: string;
}

/** A compiled term: the topic it signals and its token sequence. */
export interface CompiledTerm {
  topic: string;
  term: string;
  tokens: readonly TermToken[];
  /** Counts only in a text that also names one of these topics (or a narrower one): an `ambiguous` term. */
  needs?: readonly string[];
}

export interface Vocabulary {
  topics: readonly Topic[];
  byId: ReadonlyMap<string, Topic>;
  /** Every ancestor of a topic (transitively through `broader`), nearest first. */
  ancestors: ReadonlyMap<string, readonly string[]>;
  /** `related`, made symmetric. */
  related: ReadonlyMap<string, ReadonlySet<string>>;
  terms: readonly CompiledTerm[];
  /** Every descendant of a topic (transitively through `broader`), itself included. */
  descendants: ReadonlyMap<string, ReadonlySet<string>>;
  /** MeSH entries by descriptor UI or lower-cased heading name, and tree-number prefixes, each with its topic. */
  mesh: { byKey: ReadonlyMap<string, string[]>; treePrefixes: readonly { prefix: string; topic: string }[] };
  /** The evidence detectors' word lists (citation-needed, weak-evidence). */
  evidenceWords: EvidenceWords;
  /** `default`, or the file the vocabulary was read from. */
  origin: string;
}

export const DEFAULT_ORIGIN = 'default';
export const PROJECT_VOCABULARY_FILES = ['references/topics.yaml', 'references/topics.yml'] as const;

/** A problem found while checking a vocabulary, before it is turned into an error. */
interface Problem {
  message: string;
  /** Path into the parsed file, to find the line. Absent for problems in the default vocabulary. */
  path?: (string | number)[];
}

function toTopic(input: TopicInput): Topic {
  const broader = input.broader === undefined ? [] : typeof input.broader === 'string' ? [input.broader] : input.broader;
  return {
    id: input.id,
    label: input.label,
    terms: input.terms,
    broader,
    related: input.related ?? [],
    generic: input.generic ?? false,
    setting: input.setting ?? false,
    facet: input.facet ?? 'intervention',
    ...(input.ambiguous === undefined ? {} : { ambiguous: input.ambiguous }),
    outside: input.outside ?? false,
    indication: input.indication ?? [],
    mesh: input.mesh ?? [],
    ...(input.note === undefined ? {} : { note: input.note }),
  };
}

interface Placed {
  topic: Topic;
  /** Index in the project file's `topics`, or undefined for a default topic. */
  index?: number;
}

function checkTopics(placed: Placed[], fileLabel: string): Problem[] {
  const problems: Problem[] = [];
  const at = (p: Placed, ...rest: (string | number)[]) => (p.index === undefined ? undefined : ['topics', p.index, ...rest]);
  const byId = new Map<string, Placed>();
  for (const p of placed) {
    const first = byId.get(p.topic.id);
    if (first) {
      problems.push({
        message: `Topic id \`${p.topic.id}\` is defined twice${first.index === undefined ? '' : ` (first at topics[${first.index}])`}; merge the two entries.`,
        path: at(p, 'id'),
      });
      continue;
    }
    byId.set(p.topic.id, p);
  }
  for (const p of byId.values()) {
    p.topic.broader.forEach((b, i) => {
      if (b === p.topic.id) problems.push({ message: `Topic \`${b}\` names itself as \`broader\`; remove it.`, path: at(p, 'broader', i) });
      else if (!byId.has(b)) problems.push({ message: `Topic \`${p.topic.id}\` has \`broader: ${b}\`, which is not a topic in ${fileLabel}; add \`${b}\` or fix the id.`, path: broaderPath(p, i) });
    });
    p.topic.ambiguous?.with.forEach((w, i) => {
      if (!byId.has(w)) problems.push({ message: `Topic \`${p.topic.id}\` has \`ambiguous.with: ${w}\`, which is not a topic in ${fileLabel}; add \`${w}\` or fix the id.`, path: at(p, 'ambiguous', 'with', i) });
    });
    p.topic.indication.forEach((c, i) => {
      if (!byId.has(c)) problems.push({ message: `Topic \`${p.topic.id}\` has \`indication: ${c}\`, which is not a topic in ${fileLabel}; add \`${c}\` or fix the id.`, path: at(p, 'indication', i) });
    });
    p.topic.related.forEach((r, i) => {
      if (!byId.has(r)) problems.push({ message: `Topic \`${p.topic.id}\` is \`related\` to \`${r}\`, which is not a topic in ${fileLabel}; add \`${r}\` or fix the id.`, path: at(p, 'related', i) });
    });
  }
  // A cycle in `broader` would make ancestors infinite.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const p = byId.get(id)!;
      problems.push({ message: `Topics form a \`broader\` cycle: ${cycle.map((c) => `\`${c}\``).join(' → ')}; break it.`, path: at(p, 'broader') });
      return;
    }
    state.set(id, 'visiting');
    for (const b of byId.get(id)?.topic.broader ?? []) if (byId.has(b)) visit(b, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of byId.keys()) visit(id, []);

  const termOwner = new Map<string, { topic: string; term: string }>();
  for (const p of byId.values()) {
    p.topic.terms.forEach((term, i) => {
      const tokens = termTokens(term);
      if (tokens.length === 0) {
        problems.push({ message: `Term \`${term}\` of topic \`${p.topic.id}\` has no letters or digits; remove it.`, path: at(p, 'terms', i) });
        return;
      }
      const key = tokens.map((t) => (t.caseSensitive ? `${t.norm}^` : t.norm)).join(' ');
      const owner = termOwner.get(key);
      if (owner && owner.topic !== p.topic.id) {
        problems.push({
          message: `Term \`${term}\` of topic \`${p.topic.id}\` is the same as \`${owner.term}\` of topic \`${owner.topic}\` once plurals and inflections are folded; keep it under one topic.`,
          path: at(p, 'terms', i),
        });
      } else if (!owner) {
        termOwner.set(key, { topic: p.topic.id, term });
      }
    });
  }
  return problems;
}

function broaderPath(p: Placed, i: number): (string | number)[] | undefined {
  if (p.index === undefined) return undefined;
  return ['topics', p.index, 'broader', ...(p.topic.broader.length > 1 ? [i] : [])];
}

function compile(topics: Topic[], origin: string, evidenceWords: EvidenceWords = defaultEvidenceWords()): Vocabulary {
  const byId = new Map(topics.map((t) => [t.id, t]));
  const ancestors = new Map<string, string[]>();
  for (const t of topics) {
    const seen: string[] = [];
    const queue = [...t.broader];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.includes(next) || next === t.id) continue;
      seen.push(next);
      queue.push(...(byId.get(next)?.broader ?? []));
    }
    ancestors.set(t.id, seen);
  }
  const related = new Map<string, Set<string>>(topics.map((t) => [t.id, new Set<string>()]));
  for (const t of topics) {
    for (const r of t.related) {
      related.get(t.id)?.add(r);
      related.get(r)?.add(t.id);
    }
  }
  const terms: CompiledTerm[] = [];
  for (const t of topics) {
    for (const term of t.terms) {
      const tokens = termTokens(term);
      if (tokens.length > 0) terms.push({ topic: t.id, term, tokens });
    }
    for (const term of t.ambiguous?.terms ?? []) {
      const tokens = termTokens(term);
      if (tokens.length > 0) terms.push({ topic: t.id, term, tokens, needs: t.ambiguous!.with });
    }
  }
  const descendants = new Map<string, Set<string>>(topics.map((t) => [t.id, new Set([t.id])]));
  for (const t of topics) for (const a of ancestors.get(t.id) ?? []) descendants.get(a)?.add(t.id);
  const byKey = new Map<string, string[]>();
  const treePrefixes: { prefix: string; topic: string }[] = [];
  for (const t of topics) {
    for (const entry of t.mesh) {
      if (/^[A-Z]\d{2}(?:\.\d{3})*$/.test(entry)) treePrefixes.push({ prefix: entry, topic: t.id });
      else {
        const key = /^D\d{6,9}$/.test(entry) ? entry : entry.toLowerCase();
        const list = byKey.get(key) ?? [];
        if (!list.includes(t.id)) list.push(t.id);
        byKey.set(key, list);
      }
    }
  }
  // Longest prefix first, so the most specific tree position wins.
  treePrefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  return { topics, byId, ancestors, related, terms, descendants, mesh: { byKey, treePrefixes }, evidenceWords, origin };
}

let defaultVocabularyCache: Vocabulary | undefined;

/** The built-in vocabulary for pain and ketamine literature. */
export function defaultVocabulary(): Vocabulary {
  if (defaultVocabularyCache) return defaultVocabularyCache;
  const parsed = vocabularyFileSchema.safeParse(defaultTopicsJson);
  if (!parsed.success) {
    throw new Error(`The built-in topic vocabulary is invalid: ${z.prettifyError(parsed.error)}`);
  }
  const topics = parsed.data.topics.map(toTopic);
  const problems = checkTopics(topics.map((topic) => ({ topic })), 'the default vocabulary');
  if (problems.length > 0) throw new Error(`The built-in topic vocabulary is invalid: ${problems[0]!.message}`);
  defaultVocabularyCache = compile(topics, DEFAULT_ORIGIN);
  return defaultVocabularyCache;
}

/**
 * Parses and validates a vocabulary file's text (YAML or JSON). `file` is
 * the path shown in errors. With `extends: default` the topics are merged
 * into `base` (the default vocabulary unless given).
 */
export function parseVocabulary(text: string, file: string, base: Vocabulary = defaultVocabulary()): Vocabulary {
  const { doc, lineCounter } = parseUserYaml(text, file, 'the topic vocabulary');
  const locate = (path: (string | number)[] | undefined): { line: number; column: number } | undefined =>
    path === undefined ? undefined : locateInYaml(doc, lineCounter, path);
  const fail = (message: string, path: (string | number)[] | undefined): never => {
    const pos = locate(path) ?? { line: 1, column: 1 };
    throw new UsageError(`${file}:${pos.line}:${pos.column}: ${message}`, { file, line: pos.line, column: pos.column });
  };

  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (raw === null || raw === undefined) fail('the topic vocabulary is empty; give a `topics:` list (and `extends: default` to keep the built-in topics).', []);
  const result = vocabularyFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = path.length > 0 ? `\`${formatPath(path)}\`` : 'the file';
    const detail =
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}; allowed keys are \`id\`, \`label\`, \`terms\`, \`broader\`, \`related\`, \`generic\`, \`setting\`, \`facet\`, \`ambiguous\`, \`outside\`, \`mesh\`, \`note\` (per topic) and \`extends\`, \`description\`, \`topics\`, \`evidence\` (top level)`
        : issue.message;
    const keyPath = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
    fail(`${where}: ${detail}. See the built-in vocabulary for the format.`, keyPath);
  }
  const data = result.data!;
  const own: Placed[] = data.topics.map((t, index) => ({ topic: toTopic(t), index }));
  let placed: Placed[];
  if (data.extends === 'default') {
    const replaced = new Set(own.map((p) => p.topic.id));
    placed = [...base.topics.filter((t) => !replaced.has(t.id)).map((topic) => ({ topic })), ...own];
  } else {
    placed = own;
  }
  const problems = checkTopics(placed, data.extends === 'default' ? `${file} or the default vocabulary` : file);
  if (problems.length > 0) fail(problems[0]!.message, problems[0]!.path ?? []);
  const evidenceWords = data.evidence === undefined ? base.evidenceWords : mergeEvidenceWords(data.evidence, data.extends === 'default', base.evidenceWords);
  return compile(
    placed.map((p) => p.topic),
    file,
    evidenceWords,
  );
}

/**
 * The project's vocabulary: `references/topics.yaml` (or `.yml`) under
 * `root` if present, else the default. Throws UsageError on a bad file.
 */
export async function loadVocabulary(root: string): Promise<Vocabulary> {
  for (const file of PROJECT_VOCABULARY_FILES) {
    let text: string;
    try {
      text = await readFile(join(root, file), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      throw new UsageError(`Cannot read \`${file}\` (${code ?? String(error)}); make it a readable file or delete it.`, { file });
    }
    return parseVocabulary(text, file);
  }
  return defaultVocabulary();
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function locateInYaml(doc: Document, lineCounter: LineCounter, path: (string | number)[]): { line: number; column: number } | undefined {
  for (let len = path.length; len >= 0; len--) {
    const sub = path.slice(0, len);
    const node = (sub.length === 0 ? doc.contents : doc.getIn(sub, true)) as YamlNode | null | undefined;
    if (len === path.length && node === undefined && len > 0) {
      // An unknown key has no value node at that path; point at the key itself.
      const parent = (len === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true)) as YamlNode | null | undefined;
      if (isMap(parent)) {
        for (const pair of parent.items) {
          if (isPair(pair) && isScalar(pair.key) && pair.key.value === path[len - 1] && pair.key.range) {
            const pos = lineCounter.linePos(pair.key.range[0]);
            return { line: pos.line, column: pos.col };
          }
        }
      }
    }
    const offset = node?.range?.[0];
    if (offset !== undefined) {
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}
