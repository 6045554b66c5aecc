/**
 * Evidence language: sentences that assert evidence, strong wording, weak
 * support. An engine. May import: bibliography/, citations/, adapters/,
 * util/, document/errors.ts. Imported by: topics/, rules/, evidence-map/,
 * index.ts.
 */
export {
  assertsEvidence,
  strongWording,
  evidenceLevelOf,
  isWeakSupport,
  WEAK_EVIDENCE_LEVELS,
  type AssertsEvidenceOptions,
  type EvidenceAssessment,
  type EvidenceExemption,
  type EvidenceSignal,
  type EvidenceSignalKind,
  type StrongWordingMatch,
} from './detectors.js';
