/**
 * Whether a reference's topics cover a claim's. Only specific topics decide:
 * generic ones (pain, chronic pain, the kind of source) and ids the
 * vocabulary does not know are set aside. Two topics are compatible when
 * they are the same, when one is an ancestor of the other through
 * `broader` (a claim about `neuropathic-pain` is covered by a `crps`
 * study, a claim about `acupuncture` by a review of
 * `complementary-medicine`), or when they are `related`. Siblings are not
 * compatible: `nerve-block` and `spinal-cord-stimulation` share a parent
 * but not a subject. Settings (`perioperative`, `icu-analgesia`) count on
 * the claim side only when the claim names no other specific topic.
 */
import type { Vocabulary } from './vocabulary.js';

export type MatchDecision = 'match' | 'mismatch' | 'undecided';

export interface TopicComparison {
  decision: MatchDecision;
  /** Claim topics that found a compatible reference topic. */
  covered: string[];
  /** The specific topics compared on each side. */
  claimSpecific: string[];
  referenceSpecific: string[];
}

/** The reference's topics that can decide a match: known to the vocabulary and not generic. */
export function specificTopics(vocabulary: Vocabulary, topics: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of topics) {
    const topic = vocabulary.byId.get(t);
    if (topic && !topic.generic && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Same topic, one an ancestor of the other, or `related`. */
export function topicsCompatible(vocabulary: Vocabulary, a: string, b: string): boolean {
  if (a === b) return true;
  if (vocabulary.ancestors.get(a)?.includes(b)) return true;
  if (vocabulary.ancestors.get(b)?.includes(a)) return true;
  return vocabulary.related.get(a)?.has(b) ?? false;
}

export function compareTopics(vocabulary: Vocabulary, claimTopics: readonly string[], referenceTopics: readonly string[]): TopicComparison {
  const allClaimSpecific = specificTopics(vocabulary, claimTopics);
  // A setting (`after surgery`) only qualifies a claim that names an intervention or condition; it decides alone only when nothing else is named.
  const primary = allClaimSpecific.filter((t) => !vocabulary.byId.get(t)?.setting);
  const claimSpecific = primary.length > 0 ? primary : allClaimSpecific;
  const referenceSpecific = specificTopics(vocabulary, referenceTopics);
  if (claimSpecific.length === 0 || referenceSpecific.length === 0) {
    return { decision: 'undecided', covered: [], claimSpecific, referenceSpecific };
  }
  const covered = claimSpecific.filter((c) => referenceSpecific.some((r) => topicsCompatible(vocabulary, c, r)));
  return { decision: covered.length > 0 ? 'match' : 'mismatch', covered, claimSpecific, referenceSpecific };
}

/**
 * True unless the claim's specific topics share nothing with the
 * reference's (through the hierarchy). A side with no specific topic
 * cannot decide, so it counts as a match.
 */
export function match(vocabulary: Vocabulary, claimSpecific: readonly string[], referenceTopics: readonly string[]): boolean {
  return compareTopics(vocabulary, claimSpecific, referenceTopics).decision !== 'mismatch';
}
