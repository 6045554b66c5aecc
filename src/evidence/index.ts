/** Evidence language: sentences that assert evidence, strong wording, weak support. */
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
