/**
 * The topic tagger and the suggestion index for one bibliography and
 * vocabulary, built once and shared by every claim of every article.
 */
import type { Bibliography } from '../bibliography/types.js';
import type { CslItem } from '../bibliography/schema.js';
import type { Sentence } from '../citations/claims.js';
import { buildSuggestionIndex, createTagger, type ItemTopics, type SuggestionIndex, type Tagger } from '../topics/index.js';
import type { Vocabulary } from '../topics/vocabulary.js';

export interface EvidenceContext {
  tagger: Tagger;
  /** Topics of a cited item, memoised (an item is cited many times). */
  topicsOf(item: CslItem): ItemTopics;
  suggestions(): SuggestionIndex;
}

const cache = new WeakMap<Bibliography, WeakMap<Vocabulary, EvidenceContext>>();

export function evidenceContext(bibliography: Bibliography, vocabulary: Vocabulary): EvidenceContext {
  let byVocabulary = cache.get(bibliography);
  if (!byVocabulary) cache.set(bibliography, (byVocabulary = new WeakMap()));
  let context = byVocabulary.get(vocabulary);
  if (!context) {
    const tagger = createTagger(vocabulary);
    const topics = new Map<string, ItemTopics>();
    let index: SuggestionIndex | undefined;
    context = {
      tagger,
      topicsOf(item) {
        let t = topics.get(item.id);
        if (!t) topics.set(item.id, (t = tagger.topicsOfItem(item)));
        return t;
      },
      suggestions() {
        index ??= buildSuggestionIndex(tagger, bibliography.entries.map((e) => e.item));
        return index;
      },
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
