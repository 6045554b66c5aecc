/**
 * The bibliography: schema (zod, CSL-JSON + citemark fields), load, validate,
 * write canonically, find duplicates, read exports (BibTeX, RIS, MEDLINE,
 * EndNote XML). Below the engines. May import: citations/, adapters/, util/,
 * document/errors.ts, version.ts. Imported by: every layer above it.
 */
export * from './schema.js';
export type { BibEntry, Bibliography, LoadProblem, SourceLocation } from './types.js';
export { parseBibliographyText, formatForPath, type BibliographyFormat, type ParseResult } from './parse.js';
export {
  loadBibliography,
  findBibliographyFiles,
  checkUniqueIds,
  globToRegExp,
  DEFAULT_BIBLIOGRAPHY_PATTERNS,
  type LoadOptions,
  type BibliographyFileCandidate,
} from './load.js';
export {
  validateItem,
  checkItemContent,
  impossibleDate,
  runTogetherWord,
  CONTENT_PROBLEM_IDS,
  TYPES_NEEDING_CREATOR,
  type ItemValidation,
} from './validate.js';
export { serializeItem, canonicalItem, writeItemFile, itemFilePath, unsafeFileId, CANONICAL_KEY_ORDER } from './write.js';
export {
  findDuplicates,
  analyseDuplicates,
  compareItems,
  describeDifference,
  type DuplicateGroup,
  type DuplicateMember,
  type DuplicateReason,
  type FieldDifference,
  type BrokenCopy,
  type DuplicateAnalysis,
  type PossibleDuplicate,
  type PossibleWhy,
} from './dedupe.js';
export { sameJournalName, compareContainers, issnsOf } from './journal.js';
export { normalizeDoi, normalizePmid, normalizeTitle, decodeHtmlEntities, suggestCitekey, DOI_PATTERN } from './normalize.js';
