/**
 * Tagging prose and bibliography items with topics from a vocabulary.
 *
 * Terms match on stemmed token sequences, longest term first. A term after
 * `non-` is not a mention (`non-opioid` is not about opioids), and a term
 * in the scope of a contrast (`unlike X,`, `rather than X`, `instead of X`,
 * `without X`, `, not X`, `not X but`) is kept as a negated match: the
 * sentence is about the other thing.
 */
import type { CslItem } from '../bibliography/schema.js';
import { tokenize, type Token } from './text.js';
import type { CompiledTerm, Vocabulary } from './vocabulary.js';

export interface TopicMatch {
  topic: string;
  /** The vocabulary term that matched. */
  term: string;
  /** UTF-16 offsets into the text that was tagged (the claim, or the context sentence when `inContext`). */
  start: number;
  end: number;
  /** The mention is in the scope of a contrast or negation (`unlike spinal cord stimulation, …`). */
  negated: boolean;
  /** The match comes from the context sentence, not the claim itself. */
  inContext: boolean;
}

export interface SentenceTopics {
  /** Topics mentioned and not negated, in order of first mention (generic ones included). */
  topics: string[];
  /** The subset of `topics` that can decide a topic match: not generic. */
  specific: string[];
  /** True when the claim itself had no specific topic and the context sentence supplied them. */
  fromContext: boolean;
  matches: TopicMatch[];
}

export interface ItemTopics {
  topics: string[];
  /** True when the item has no `topics` field and they were inferred from title, abstract and keywords. */
  inferred: boolean;
}

export interface TagOptions {
  /** Text around the claim (usually the previous sentence), used only when the claim has no specific topic. Several are tried in order. */
  context?: string | readonly string[];
}

export interface Tagger {
  vocabulary: Vocabulary;
  /** Every topic mention in a piece of text. */
  findTopics(text: string): TopicMatch[];
  tagSentence(text: string, options?: TagOptions): SentenceTopics;
  topicsOfItem(item: CslItem): ItemTopics;
  /** Topics read from an item's title, abstract and keywords, ignoring its `topics` field. */
  inferItemTopics(item: CslItem): string[];
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Terms ending here. */
  terms: CompiledTerm[];
}

function buildTrie(terms: readonly CompiledTerm[]): TrieNode {
  const root: TrieNode = { children: new Map(), terms: [] };
  for (const term of terms) {
    let node = root;
    for (const t of term.tokens) {
      let next = node.children.get(t.norm);
      if (!next) {
        next = { children: new Map(), terms: [] };
        node.children.set(t.norm, next);
      }
      node = next;
    }
    node.terms.push(term);
  }
  return root;
}

function termFits(term: CompiledTerm, tokens: readonly Token[], at: number): boolean {
  return term.tokens.every((t, i) => !t.caseSensitive || tokens[at + i]!.upper);
}

/** The longest term starting at `at`, honouring case-sensitive (acronym) tokens. */
function longestTermAt(root: TrieNode, tokens: readonly Token[], at: number): CompiledTerm | undefined {
  let node: TrieNode | undefined = root;
  let best: CompiledTerm | undefined;
  for (let i = at; i < tokens.length && node; i++) {
    node = node.children.get(tokens[i]!.norm);
    if (!node) break;
    const fitting = node.terms.find((term) => termFits(term, tokens, at));
    if (fitting) best = fitting;
  }
  return best;
}

/** Words that open a contrast: what follows, up to the end of the clause, is what the sentence is not about. */
const CONTRAST_CUES: readonly (readonly string[])[] = [
  ['unlike'],
  ['rather', 'than'],
  ['instead', 'of'],
  ['as', 'opposed', 'to'],
  ['in', 'contrast', 'to'],
  ['in', 'contrast', 'with'],
  ['other', 'than'],
  ['except'],
  ['except', 'for'],
  ['without'],
];

/** The cues by their first word, so each token is checked against the few that can start there. */
const CUES_BY_FIRST = new Map<string, Array<readonly string[]>>();
for (const cue of CONTRAST_CUES) {
  const list = CUES_BY_FIRST.get(cue[0]!);
  if (list) list.push(cue);
  else CUES_BY_FIRST.set(cue[0]!, [cue]);
}

const CLAUSE_BREAK = /[,;:()\u2013\u2014!?]|\.\s|\s-\s/;
const CLAUSE_WORDS = new Set(['but', 'whereas', 'while', 'which', 'although', 'though', 'yet']);

/** Token index ranges [from, to) whose topic mentions are negated. */
function negatedRanges(text: string, tokens: readonly Token[]): [number, number][] {
  const ranges: [number, number][] = [];
  const lower = tokens.map((t) => t.raw.toLowerCase());
  const gapBefore = (i: number) => text.slice(i === 0 ? 0 : tokens[i - 1]!.end, tokens[i]!.start);
  const clauseEnd = (from: number): number => {
    for (let j = from; j < tokens.length; j++) {
      if (j > from && CLAUSE_BREAK.test(gapBefore(j))) return j;
      if (j > from && CLAUSE_WORDS.has(lower[j]!)) return j;
    }
    return tokens.length;
  };
  for (let i = 0; i < tokens.length; i++) {
    for (const cue of CUES_BY_FIRST.get(lower[i]!) ?? []) {
      if (cue.every((w, k) => lower[i + k] === w)) {
        const from = i + cue.length;
        if (from < tokens.length) ranges.push([from, clauseEnd(from)]);
      }
    }
    if (lower[i] === 'not' && i + 1 < tokens.length) {
      const from = i + 1;
      const end = clauseEnd(from);
      // `X, not Y`: an appositive contrast. `not X but Y`: X is what the sentence sets aside.
      const appositive = /,\s*$/.test(gapBefore(i));
      const butFollows = end < tokens.length && lower[end] === 'but';
      if (appositive || butFollows) ranges.push([from, end]);
    }
  }
  return ranges;
}

export function createTagger(vocabulary: Vocabulary): Tagger {
  const trie = buildTrie(vocabulary.terms);
  const isGeneric = (id: string) => vocabulary.byId.get(id)?.generic ?? false;

  function findTopics(text: string, inContext = false): TopicMatch[] {
    const tokens = tokenize(text);
    // Contrast scopes matter only around a term, and most text has none: found on the first.
    let negated: [number, number][] | undefined;
    const matches: TopicMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const term = longestTermAt(trie, tokens, i);
      if (!term) {
        i++;
        continue;
      }
      const last = i + term.tokens.length - 1;
      const prev = i > 0 ? tokens[i - 1]! : undefined;
      // `non-opioid`, `non opioid`: the prefix negates the word itself.
      const prefixed = prev !== undefined && prev.raw.toLowerCase() === 'non' && /^[-\s]?$/.test(text.slice(prev.end, tokens[i]!.start));
      if (!prefixed) {
        matches.push({
          topic: term.topic,
          term: term.term,
          start: tokens[i]!.start,
          end: tokens[last]!.end,
          negated: (negated ??= negatedRanges(text, tokens)).some(([from, to]) => i >= from && i < to),
          inContext,
        });
      }
      i = last + 1;
    }
    return matches;
  }

  function summarise(matches: readonly TopicMatch[]): { topics: string[]; specific: string[] } {
    const topics: string[] = [];
    for (const m of matches) if (!m.negated && !topics.includes(m.topic)) topics.push(m.topic);
    return { topics, specific: topics.filter((t) => !isGeneric(t)) };
  }

  function tagSentence(text: string, options: TagOptions = {}): SentenceTopics {
    const own = findTopics(text);
    const ownSummary = summarise(own);
    if (ownSummary.specific.length > 0 || options.context === undefined) {
      return { ...ownSummary, fromContext: false, matches: own };
    }
    const contexts = typeof options.context === 'string' ? [options.context] : options.context;
    for (const context of contexts) {
      const fromContext = findTopics(context, true);
      const contextSummary = summarise(fromContext);
      if (contextSummary.specific.length === 0) continue;
      const matches = [...own, ...fromContext];
      return { ...summarise(matches), fromContext: true, matches };
    }
    return { ...ownSummary, fromContext: false, matches: own };
  }

  function inferItemTopics(item: CslItem): string[] {
    const texts = [item.title, item['title-short'], item.abstract, item.keyword].filter(
      (t): t is string => typeof t === 'string' && t.trim() !== '',
    );
    const topics: string[] = [];
    for (const text of texts) {
      // Keywords are a list; each entry is its own phrase, so contrast scopes never cross them.
      const parts = text === item.keyword ? text.split(/[;,\n]/) : [text];
      for (const part of parts) for (const t of summarise(findTopics(part)).topics) if (!topics.includes(t)) topics.push(t);
    }
    return topics;
  }

  function topicsOfItem(item: CslItem): ItemTopics {
    if (item.topics !== undefined) return { topics: [...item.topics], inferred: false };
    return { topics: inferItemTopics(item), inferred: true };
  }

  return { vocabulary, findTopics: (text) => findTopics(text), tagSentence, topicsOfItem, inferItemTopics };
}
