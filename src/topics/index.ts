/**
 * Topic vocabulary, tagging of claims and references, topic matching and
 * suggestions. An engine. May import: evidence/, bibliography/, citations/,
 * adapters/, util/, document/errors.ts. Imported by: rules/, lint/,
 * manage/, evidence-map/, index.ts.
 */
export {
  defaultVocabulary,
  parseVocabulary,
  loadVocabulary,
  topicSchema,
  vocabularyFileSchema,
  PROJECT_VOCABULARY_FILES,
  DEFAULT_ORIGIN,
  type Topic,
  type TopicInput,
  type Vocabulary,
  type VocabularyFile,
  type CompiledTerm,
} from './vocabulary.js';
export { createTagger, type Tagger, type TagOptions, type SentenceTopics, type ItemTopics, type TopicMatch, type TopicEvidence } from './tagger.js';
export { findAbbreviations, type Abbreviation } from './abbreviations.js';
export { match, compareTopics, topicsCompatible, specificTopics, type MatchDecision, type TopicComparison, type CompareOptions } from './match.js';
export { buildSuggestionIndex, suggest, suggestWithMemo, type SuggestionIndex, type SuggestionMemo, type Suggestion, type SuggestOptions } from './suggest.js';
export { tokenize, normalizeWord, type Token } from './text.js';
