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
 * the claim side only when the claim names no other specific topic. Sharing
 * nothing is a mismatch only where both sides name a subject of one kind
 * (`facet`): interventions with interventions, conditions with conditions;
 * otherwise the comparison is undecided. Sharing a condition is not enough
 * where both name treatments and none of the claim's is the reference's.
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

/** The reference's topics that can decide a match: known to the vocabulary, not generic and not outside its field. */
export function specificTopics(vocabulary: Vocabulary, topics: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of topics) {
    const topic = vocabulary.byId.get(t);
    if (topic && !topic.generic && !topic.outside && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Kinds of subject that can contradict each other: a drug and its mechanism are one kind. */
function facetGroup(vocabulary: Vocabulary, id: string): string {
  const facet = vocabulary.byId.get(id)?.facet ?? 'intervention';
  return facet === 'mechanism' ? 'intervention' : facet;
}

export interface CompareOptions {
  /**
   * The reference is about treating what it names (`Pharmacotherapy for neuropathic pain`, `… management of
   * fibromyalgia`): it covers a claim about a treatment of that condition even when it does not name the treatment.
   */
  referenceTreats?: 'drugs' | 'any' | boolean;
}

/** Drugs: analgesics of every kind, and the drug-like topics outside that branch (ketamine, anaesthetics, cannabinoids). */
function isDrug(vocabulary: Vocabulary, id: string): boolean {
  if (id === 'analgesics' || vocabulary.ancestors.get(id)?.includes('analgesics')) return true;
  const topic = vocabulary.byId.get(id);
  if (topic?.facet === 'mechanism') return true;
  return ['ketamine', 'esketamine', 'anesthesia', 'cannabinoids'].some((d) => id === d || vocabulary.ancestors.get(id)?.includes(d));
}

/**
 * Whether the two sides name subjects that can contradict each other, so that sharing no topic means they
 * disagree: subjects of one kind; an aspect (cost, insurance, regulation) on either side, since a work on an
 * aspect is about nothing else; a claim that names only where care happens; or a claim about a treatment citing
 * a work about a condition that is not about treating it. A claim naming drugs, citing a review of treatments
 * for the condition they treat, does not disagree with it.
 */
function comparable(vocabulary: Vocabulary, claim: readonly string[], reference: readonly string[], options: CompareOptions): boolean {
  const groups = (ids: readonly string[]) => new Set(ids.map((id) => facetGroup(vocabulary, id)));
  const claimGroups = groups(claim);
  const referenceGroups = groups(reference);
  if (claimGroups.has('aspect') || referenceGroups.has('aspect')) return true;
  // A claim that names only where care happens (`after surgery`) disagrees with a work on a treatment, not with a
  // work on a condition, which may well report what happens after surgery for it.
  const referenceOnlyConditions = [...referenceGroups].every((g) => g === 'condition' || g === 'outcome');
  if (claim.every((c) => vocabulary.byId.get(c)?.setting)) return !referenceOnlyConditions;
  for (const group of claimGroups) if (referenceGroups.has(group)) return true;
  if (!claimGroups.has('intervention') || !referenceOnlyConditions || !referenceGroups.has('condition')) return false;
  // A work on drug treatment of the condition covers drug claims only: acupuncture is not in `Pharmacotherapy for …`.
  if (options.referenceTreats === 'drugs') return claim.some((c) => facetGroup(vocabulary, c) === 'intervention' && !isDrug(vocabulary, c));
  return !options.referenceTreats;
}

/**
 * The claim's conditions and the reference's are both named and none of the claim's is covered. A side that names
 * no condition but a treatment used for one condition only (a triptan) is taken to be about that condition.
 */
function conditionsDisagree(vocabulary: Vocabulary, claim: readonly string[], reference: readonly string[]): boolean {
  const conditions = (ids: readonly string[]) => {
    const named = ids.filter((id) => vocabulary.byId.get(id)?.facet === 'condition' && !vocabulary.byId.get(id)?.setting);
    return named.length > 0 ? named : ids.flatMap((id) => vocabulary.byId.get(id)?.indication ?? []);
  };
  const claimConditions = conditions(claim);
  const referenceConditions = conditions(reference);
  if (claimConditions.length === 0 || referenceConditions.length === 0) return false;
  return !claimConditions.some((c) => [...reference, ...referenceConditions].some((r) => topicsCompatible(vocabulary, c, r)));
}

/** A topic and its ancestors that are not generic: what kind of treatment or test it is. */
function family(vocabulary: Vocabulary, id: string): string[] {
  return [id, ...(vocabulary.ancestors.get(id) ?? []).filter((a) => !vocabulary.byId.get(a)?.generic)];
}

/**
 * The claim names a treatment (or a test) and the reference names others of no kind the claim's are: a claim on
 * combined contraceptives for endometriosis pain is not supported by an NSAID trial in endometriosis, though both
 * name the condition. Treatments of one kind (an antidepressant and lidocaine, both adjuvant analgesics) do not
 * disagree, nor do sides that share an outcome or mechanism (`respiratory depression` with opioids and
 * gabapentin): that is what they are about. Settings (`postoperative`) name no treatment.
 */
function interventionsDisagree(vocabulary: Vocabulary, claim: readonly string[], reference: readonly string[], covered: readonly string[]): boolean {
  const facet = (id: string) => vocabulary.byId.get(id)?.facet;
  if (covered.some((c) => facet(c) === 'outcome' || facet(c) === 'mechanism' || facet(c) === 'aspect')) return false;
  const interventions = (ids: readonly string[]) =>
    ids.filter((id) => (facet(id) === 'intervention' || facet(id) === 'test') && !vocabulary.byId.get(id)?.setting);
  const claimInterventions = interventions(claim);
  const referenceInterventions = interventions(reference);
  if (claimInterventions.length === 0 || referenceInterventions.length === 0) return false;
  const referenceKinds = new Set(referenceInterventions.flatMap((r) => family(vocabulary, r)));
  return !claimInterventions.some((c) => family(vocabulary, c).some((k) => referenceKinds.has(k)) || reference.some((r) => topicsCompatible(vocabulary, c, r)));
}

/** Same topic, one an ancestor of the other, or `related`. */
export function topicsCompatible(vocabulary: Vocabulary, a: string, b: string): boolean {
  if (a === b) return true;
  if (vocabulary.ancestors.get(a)?.includes(b)) return true;
  if (vocabulary.ancestors.get(b)?.includes(a)) return true;
  return vocabulary.related.get(a)?.has(b) ?? false;
}

export function compareTopics(vocabulary: Vocabulary, claimTopics: readonly string[], referenceTopics: readonly string[], options: CompareOptions = {}): TopicComparison {
  const allClaimSpecific = specificTopics(vocabulary, claimTopics);
  // A setting (`after surgery`) only qualifies a claim that names an intervention or condition; it decides alone only when nothing else is named.
  const primary = allClaimSpecific.filter((t) => !vocabulary.byId.get(t)?.setting);
  const named = primary.length > 0 ? primary : allClaimSpecific;
  // `hormonal options … LNG-IUS`: the narrower topic says what the claim is about; its parent adds nothing.
  const claimSpecific = named.filter((t) => !named.some((o) => o !== t && vocabulary.ancestors.get(o)?.includes(t)));
  const referenceSpecific = specificTopics(vocabulary, referenceTopics);
  if (claimSpecific.length === 0 || referenceSpecific.length === 0) {
    return { decision: 'undecided', covered: [], claimSpecific, referenceSpecific };
  }
  const covered = claimSpecific.filter((c) => referenceSpecific.some((r) => topicsCompatible(vocabulary, c, r)));
  // A ketamine claim about depression is not supported by a ketamine study of CRPS: the conditions disagree.
  if (conditionsDisagree(vocabulary, claimSpecific, referenceSpecific)) return { decision: 'mismatch', covered, claimSpecific, referenceSpecific };
  if (interventionsDisagree(vocabulary, claimSpecific, referenceSpecific, covered)) return { decision: 'mismatch', covered, claimSpecific, referenceSpecific };
  if (covered.length > 0) return { decision: 'match', covered, claimSpecific, referenceSpecific };
  return { decision: comparable(vocabulary, claimSpecific, referenceSpecific, options) ? 'mismatch' : 'undecided', covered, claimSpecific, referenceSpecific };
}

/**
 * True unless the claim's specific topics share nothing with the
 * reference's (through the hierarchy). A side with no specific topic
 * cannot decide, so it counts as a match.
 */
export function match(vocabulary: Vocabulary, claimSpecific: readonly string[], referenceTopics: readonly string[]): boolean {
  return compareTopics(vocabulary, claimSpecific, referenceTopics).decision !== 'mismatch';
}
