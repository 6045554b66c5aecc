/**
 * The topic tagger and the suggestion index for one bibliography and
 * vocabulary, built once and shared by every claim of every article.
 */
import type { Bibliography } from '../bibliography/types.js';
import type { CslItem } from '../bibliography/schema.js';
import type { Sentence } from '../citations/claims.js';
import {
  buildSuggestionIndex,
  createTagger,
  suggestWithMemo,
  type ItemTopics,
  type Suggestion,
  type SuggestionIndex,
  type SuggestionMemo,
  type SuggestOptions,
  type SentenceTopics,
  type Tagger,
} from './index.js';
import type { Vocabulary } from './vocabulary.js';

export interface EvidenceContext {
  tagger: Tagger;
  /** Topics of a cited item, memoised (an item is cited many times). */
  topicsOf: (item: CslItem) => ItemTopics;
  suggestions(): SuggestionIndex;
  /** Items that cover a claim, answered from `memo` when its topic set was ranked before (the index is built only on a miss). */
  suggest(claim: SentenceTopics, options: SuggestOptions): Suggestion[];
  /** Every ranking made or loaded so far, by claim topic set (what the lint cache stores). */
  memo: SuggestionMemo;
}

const cache = new WeakMap<Bibliography, WeakMap<Vocabulary, EvidenceContext>>();

/**
 * The context for a bibliography and vocabulary, built on first use. `memo`
 * seeds its suggestions with rankings saved by an earlier run over the
 * same bibliography and vocabulary (only honoured on first use).
 */
export function evidenceContext(bibliography: Bibliography, vocabulary: Vocabulary, memo?: SuggestionMemo): EvidenceContext {
  let byVocabulary = cache.get(bibliography);
  if (!byVocabulary) cache.set(bibliography, (byVocabulary = new WeakMap()));
  let context = byVocabulary.get(vocabulary);
  if (!context) {
    const tagger = createTagger(vocabulary);
    const topics = new Map<string, ItemTopics>();
    const topicsOf = (item: CslItem): ItemTopics => {
      let t = topics.get(item.id);
      if (!t) topics.set(item.id, (t = tagger.topicsOfItem(item)));
      return t;
    };
    let index: SuggestionIndex | undefined;
    const suggestions = (): SuggestionIndex => {
      index ??= buildSuggestionIndex(
        tagger,
        bibliography.entries.map((e) => e.item),
        topicsOf,
      );
      return index;
    };
    const rankings: SuggestionMemo = memo ?? (new Map() as SuggestionMemo);
    context = {
      tagger,
      topicsOf,
      suggestions,
      suggest: (claim, options) => suggestWithMemo(rankings, suggestions, claim, options),
      memo: rankings,
    };
    byVocabulary.set(vocabulary, context);
  }
  return context;
}

/** The sentence before `index` in the same block (paragraph, list item, cell), used as a claim's context. */
export function previousInBlock(sentences: readonly Sentence[], index: number): string | undefined {
  const previous = sentences[index - 1];
  const current = sentences[index];
  return previous && current && previous.blockIndex === current.blockIndex ? previous.text : undefined;
}

/** A cited work whose topic cannot be checked: it has no specific topic, and is not about a named subject outside the field either. */
export interface UncheckedWork {
  id: string;
  file: string;
  line: number;
}

/**
 * The cited works that topic-mismatch cannot check, in bibliography order: no
 * specific topic in their `topics` field, MeSH headings, title, abstract or
 * keywords (only generic ones such as `pain`, or none), and no subject outside
 * the vocabulary's field that would show what they are about instead.
 */
export function uncheckedWorks(bibliography: Bibliography, vocabulary: Vocabulary, citedKeys: Iterable<string>): UncheckedWork[] {
  const cited = new Set(citedKeys);
  const { topicsOf } = evidenceContext(bibliography, vocabulary);
  const out: UncheckedWork[] = [];
  for (const entry of bibliography.entries) {
    if (!cited.has(entry.item.id)) continue;
    const topics = topicsOf(entry.item);
    const specific = topics.topics.some((t) => {
      const topic = vocabulary.byId.get(t);
      return topic !== undefined && !topic.generic && !topic.outside;
    });
    if (!specific && topics.outside.length === 0) out.push({ id: entry.item.id, file: entry.source.file, line: entry.source.line });
  }
  return out;
}
