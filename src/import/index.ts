/**
 * `citemark import` as a library: reference strings, citation markers, whole
 * articles; model/ is the shipped reference labeller. A command. May import:
 * document/, rules/, topics/, evidence/, lookup/, format/, bibliography/, citations/, adapters/, util/. Imported by: cli/, index.ts, import/training/.
 */
export { parseReference, parseNames, parseDateText, normalizePages, MIN_CONFIDENCE } from './refparse.js';
export type { ParsedReference, ParsedItem, ReferenceStyle } from './refparse.js';
export { findMarkers, applyMarkers, expandNumberList } from './markers.js';
export type { Marker, MarkerKind, MarkerScan, SkippedNumber } from './markers.js';
export { importArticle, formatImportReport, describePrinted } from './article.js';
export type {
  ImportOptions,
  ImportFormat,
  ImportResult,
  ImportReport,
  ReferenceMapping,
  UnparsedEntry,
  PlacedMarker,
  SkippedMarker,
  EntryStatus,
  PrintedDifference,
} from './article.js';
export { findExistingMatch, sameWork, printedDifferences } from './match.js';
export { importFiles, importFormatFor, prepareArticle, slugify } from './project.js';
export type { ImportFilesOptions, ImportFilesResult, ImportedArticle, PlannedFile } from './project.js';
export { htmlToMarkdown } from './html.js';
