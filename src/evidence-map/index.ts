/**
 * The evidence map (`citemark report`): claims, citations, evidence levels,
 * topics and findings, as JSON and as one HTML page. A command. May import:
 * lint/types.ts and lint/project.ts (the lint results), document/, rules/, topics/, evidence/, lookup/, format/, bibliography/, citations/, adapters/, util/, version.ts. Imported by: cli/, index.ts.
 */
export { buildEvidenceMap, type EvidenceMapInput } from './build.js';
export { renderEvidenceMapHtml, evidenceChartSvg, levelLabel } from './html.js';
export { escapeHtml } from '../util/html.js';
export {
  evidenceMapSchema,
  mapArticleSchema,
  mapClaimSchema,
  mapCitationSchema,
  mapFindingSchema,
  mapReferenceSchema,
  evidenceBucketSchema,
  EVIDENCE_BUCKETS,
  type EvidenceMap,
  type EvidenceBucket,
  type MapArticle,
  type MapClaim,
  type MapCitation,
  type MapFinding,
  type MapReference,
  type MapFileFindings,
  type LevelCount,
} from './schema.js';

import type { EvidenceMap } from './schema.js';

/** The map as `citemark report --format json` prints it: two-space indented, ending in a newline. */
export function serializeEvidenceMap(map: EvidenceMap): string {
  return `${JSON.stringify(map, null, 2)}\n`;
}
