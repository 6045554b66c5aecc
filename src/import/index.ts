/** `citemark import` as a library: reference strings, citation markers, whole articles. */
export { parseReference, parseNames, parseDateText, normalizePages, MIN_CONFIDENCE } from './refparse.js';
export type { ParsedReference, ParsedItem, ReferenceStyle } from './refparse.js';
export { findMarkers, applyMarkers, expandNumberList } from './markers.js';
export type { Marker, MarkerKind, MarkerScan, SkippedNumber } from './markers.js';
export { importArticle, formatImportReport } from './article.js';
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
} from './article.js';
export { findExistingMatch, sameWork } from './match.js';
export { htmlToMarkdown } from './html.js';
