/** Topic vocabulary, tagging of claims and references, topic matching and suggestions. */
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
export { createTagger, type Tagger, type TagOptions, type SentenceTopics, type ItemTopics, type TopicMatch } from './tagger.js';
export { match, compareTopics, topicsCompatible, specificTopics, type MatchDecision, type TopicComparison } from './match.js';
export { buildSuggestionIndex, suggest, suggestWithMemo, type SuggestionIndex, type SuggestionMemo, type Suggestion, type SuggestOptions } from './suggest.js';
export { tokenize, normalizeWord, type Token } from './text.js';
