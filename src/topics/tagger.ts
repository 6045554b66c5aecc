/**
 * Tagging prose and bibliography items with topics from a vocabulary.
 *
 * Terms match on stemmed token sequences, longest term first. A topic needs
 * words that mean it in context:
 * - an `ambiguous` term (`cancer`, `tolerance`) counts only when the same
 *   text names one of the topics its entry asks for (`pain`, a drug);
 * - words inside an organisation's or a journal's name (`American Society of
 *   Regional Anesthesia`) are not what the text is about;
 * - a condition named as a cause (`pain caused by chemotherapy or tumour
 *   infiltration`) gives way to the condition the sentence is about;
 * - an aspect listed among what a choice depends on (`depends on tolerability,
 *   cost and availability`) is one consideration, not the subject;
 * - an abbreviation the article defines (`neuropathic pain (NP)`) carries
 *   its long form's topics;
 * - a term after `non-` is not a mention (`non-opioid`), and a term in the
 *   scope of a contrast (`unlike X,`, `rather than X`, `without X`,
 *   `, not X`, `not X but`) is kept as a negated match.
 * Every match keeps the words that gave it, so messages can quote them.
 */
import type { CslItem } from '../bibliography/schema.js';
import { findAbbreviations, type Abbreviation } from './abbreviations.js';
import { nameRanges } from './names.js';
import { tokenize, type Token } from './text.js';
import type { CompiledTerm, Vocabulary } from './vocabulary.js';

export interface TopicMatch {
  topic: string;
  /** The vocabulary term that matched (for an abbreviation: its long form). */
  term: string;
  /** The words as written in the text. */
  words: string;
  /** UTF-16 offsets into the text that was tagged (the claim, or the context sentence when `inContext`). */
  start: number;
  end: number;
  /** The mention is in the scope of a contrast or negation (`unlike spinal cord stimulation, …`). */
  negated: boolean;
  /** The match comes from the context sentence, not the claim itself. */
  inContext: boolean;
  /** Named as a cause (`caused by …`, `due to …`); set aside when the text names another condition. */
  cause?: boolean;
  /** Named among what a choice depends on (`depends on cost and …`): an aspect there is set aside. */
  consideration?: boolean;
  /** An `ambiguous` term, counted only in the company its topic asks for: the topics it asks for. */
  needs?: readonly string[];
}

export interface SentenceTopics {
  /** Topics mentioned and not negated, in order of first mention (generic ones included, outside ones not). */
  topics: string[];
  /** The subset of `topics` that can decide a topic match: not generic. */
  specific: string[];
  /** True when the claim itself had no specific topic and the context sentence supplied them. */
  fromContext: boolean;
  /** Every match, including the ones set aside; `counted` says which made `topics`. */
  matches: TopicMatch[];
  /** The matches that made `topics`, first mention of each topic first. */
  counted: TopicMatch[];
}

/** Why an item has a topic: the field and the words. */
export interface TopicEvidence {
  topic: string;
  /** `topics` for the item's own `topics` field. */
  field: 'topics' | 'mesh' | 'title' | 'abstract' | 'keyword';
  words: string;
}

export interface ItemTopics {
  topics: string[];
  /** True when the item has no `topics` field and they were inferred from its MeSH headings, title, abstract and keywords. */
  inferred: boolean;
  /** Why each topic was given (first reason per topic). */
  evidence: TopicEvidence[];
  /** Subjects outside the vocabulary's field the item is about (another species, another disease), with their words. */
  outside: TopicEvidence[];
}

export interface TagOptions {
  /** Text around the claim (usually the previous sentence), used only when the claim has no specific topic. Several are tried in order. */
  context?: string | readonly string[];
  /** Abbreviations the article defines. */
  abbreviations?: readonly Abbreviation[];
}

export interface Tagger {
  vocabulary: Vocabulary;
  /** Every topic mention in a piece of text, counted or not (see {@link countedMatches}). */
  findTopics(text: string, abbreviations?: readonly Abbreviation[]): TopicMatch[];
  tagSentence(text: string, options?: TagOptions): SentenceTopics;
  topicsOfItem(item: CslItem): ItemTopics;
  /** Topics read from an item's MeSH headings, title, abstract and keywords, ignoring its `topics` field. */
  inferItemTopics(item: CslItem): string[];
  /**
   * The item's title says it is about treating what it names: `drugs` for drug treatment (`Pharmacotherapy for
   * neuropathic pain`), `any` for treatment in general (`… management of fibromyalgia`); undefined otherwise.
   */
  treats(item: CslItem): 'drugs' | 'any' | undefined;
  /** The same, with the reasons. */
  inferItemTopicsWithEvidence(item: CslItem): { topics: string[]; evidence: TopicEvidence[]; outside: TopicEvidence[] };
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Terms ending here. */
  terms: CompiledTerm[];
}

function buildTrie(terms: readonly CompiledTerm[]): TrieNode {
  const root: TrieNode = { children: new Map(), terms: [] };
  for (const term of terms) {
    let node = root;
    for (const t of term.tokens) {
      let next = node.children.get(t.norm);
      if (!next) {
        next = { children: new Map(), terms: [] };
        node.children.set(t.norm, next);
      }
      node = next;
    }
    node.terms.push(term);
  }
  return root;
}

function termFits(term: CompiledTerm, tokens: readonly Token[], at: number): boolean {
  return term.tokens.every((t, i) => !t.caseSensitive || tokens[at + i]!.upper);
}

/** One shared empty answer: most tokens start no term. */
const NO_TERMS: readonly CompiledTerm[] = Object.freeze([]);

/** The terms of the longest match starting at `at` (one per topic), honouring case-sensitive (acronym) tokens. */
function longestTermsAt(root: TrieNode, tokens: readonly Token[], at: number): readonly CompiledTerm[] {
  let node: TrieNode | undefined = root;
  let best: readonly CompiledTerm[] = NO_TERMS;
  for (let i = at; i < tokens.length && node; i++) {
    node = node.children.get(tokens[i]!.norm);
    if (!node) break;
    if (node.terms.length === 0) continue;
    const fitting = node.terms.filter((term) => termFits(term, tokens, at));
    if (fitting.length > 0) best = fitting;
  }
  // Most tokens start no term: no set and no copy for them (this runs on every word of every claim).
  if (best.length <= 1) return best;
  const seen = new Set<string>();
  return best.filter((t) => !seen.has(t.topic) && seen.add(t.topic));
}

/** Words that open a contrast: what follows, up to the end of the clause, is what the sentence is not about. */
const CONTRAST_CUES: readonly (readonly string[])[] = [
  ['unlike'],
  ['rather', 'than'],
  ['instead', 'of'],
  ['as', 'opposed', 'to'],
  ['in', 'contrast', 'to'],
  ['in', 'contrast', 'with'],
  ['other', 'than'],
  ['except'],
  ['except', 'for'],
  ['without'],
];

/** Words that open a list of causes: what follows, to the end of the clause, is why, not what. */
const CAUSE_CUES: readonly (readonly string[])[] = [
  ['caused', 'by'],
  ['cause', 'by'],
  ['due', 'to'],
  ['secondary', 'to'],
  ['resulting', 'from'],
  ['result', 'from'],
  ['results', 'from'],
  ['as', 'a', 'result', 'of'],
  ['induced', 'by'],
  ['causes', 'include'],
  ['causes', 'such', 'as'],
  ['causes', 'including'],
  ['etiologies', 'include'],
  ['aetiologies', 'include'],
  ['triggered', 'by'],
];

/** Words that open the things a choice depends on: an aspect listed there (`cost`) is one consideration, not the subject. */
const CONSIDERATION_CUES: readonly (readonly string[])[] = ['', 'mostly', 'more', 'largely', 'mainly', 'partly', 'also']
  .flatMap((adverb) => ['depends', 'depend', 'depending'].map((verb) => (adverb ? [verb, adverb, 'on'] : [verb, 'on'])))
  .concat([
    ['based', 'on'],
    ['factors', 'such', 'as'],
    ['factors', 'include'],
    ['factors', 'including'],
    ['considerations', 'such', 'as'],
    ['considerations', 'include'],
  ]);

function byFirstWord(cues: readonly (readonly string[])[]): Map<string, Array<readonly string[]>> {
  const map = new Map<string, Array<readonly string[]>>();
  for (const cue of cues) {
    const list = map.get(cue[0]!);
    if (list) list.push(cue);
    else map.set(cue[0]!, [cue]);
  }
  return map;
}
/** Nouns that make the term before them a source of data (`Medicare claims`, `insurance databases`). */
const DATA_SOURCE_NOUNS = new Set(['claims', 'data', 'database', 'databases', 'records', 'registry', 'beneficiaries', 'enrollees']);

const CUES_BY_FIRST = byFirstWord(CONTRAST_CUES);
const CAUSES_BY_FIRST = byFirstWord(CAUSE_CUES);
const CONSIDERATIONS_BY_FIRST = byFirstWord(CONSIDERATION_CUES);

const CLAUSE_BREAK = /[,;:()\u2013\u2014!?]|\.\s|\s-\s/;
const SENTENCE_BREAK = /[;:!?]|\.\s/;
const CLAUSE_WORDS = new Set(['but', 'whereas', 'while', 'which', 'although', 'though', 'yet']);

interface Scopes {
  negated: [number, number][];
  causes: [number, number][];
  considerations: [number, number][];
  names: [number, number][];
}

/** Token index ranges [from, to) of contrasts, causes and names. */
function scopesOf(text: string, tokens: readonly Token[]): Scopes {
  const negated: [number, number][] = [];
  const causes: [number, number][] = [];
  const considerations: [number, number][] = [];
  const lower = tokens.map((t) => t.raw.toLowerCase());
  const gapBefore = (i: number) => text.slice(i === 0 ? 0 : tokens[i - 1]!.end, tokens[i]!.start);
  const scopeEnd = (from: number, breaks: RegExp): number => {
    for (let j = from; j < tokens.length; j++) {
      if (j > from && breaks.test(gapBefore(j))) return j;
      if (j > from && CLAUSE_WORDS.has(lower[j]!)) return j;
    }
    return tokens.length;
  };
  const cueAt = (i: number, table: Map<string, Array<readonly string[]>>): number => {
    let longest = 0;
    for (const cue of table.get(lower[i]!) ?? []) if (cue.length > longest && cue.every((w, k) => lower[i + k] === w)) longest = cue.length;
    return longest;
  };
  for (let i = 0; i < tokens.length; i++) {
    const contrast = cueAt(i, CUES_BY_FIRST);
    if (contrast > 0 && i + contrast < tokens.length) negated.push([i + contrast, scopeEnd(i + contrast, CLAUSE_BREAK)]);
    const cause = cueAt(i, CAUSES_BY_FIRST);
    // A list of causes runs through its commas, to the end of the sentence's clause.
    if (cause > 0 && i + cause < tokens.length) causes.push([i + cause, scopeEnd(i + cause, SENTENCE_BREAK)]);
    const consideration = cueAt(i, CONSIDERATIONS_BY_FIRST);
    if (consideration > 0 && i + consideration < tokens.length) considerations.push([i + consideration, scopeEnd(i + consideration, SENTENCE_BREAK)]);
    if (lower[i] === 'not' && i + 1 < tokens.length) {
      const from = i + 1;
      const end = scopeEnd(from, CLAUSE_BREAK);
      // `X, not Y`: an appositive contrast. `not X but Y`: X is what the sentence sets aside.
      const appositive = /,\s*$/.test(gapBefore(i));
      const butFollows = end < tokens.length && lower[end] === 'but';
      if (appositive || butFollows) negated.push([from, end]);
    }
  }
  return { negated, causes, considerations, names: nameRanges(text, tokens) };
}

const inAny = (ranges: readonly [number, number][], from: number, to: number): boolean => ranges.some(([a, b]) => from >= a && to <= b);

export function createTagger(vocabulary: Vocabulary): Tagger {
  const trie = buildTrie(vocabulary.terms);
  const isGeneric = (id: string) => vocabulary.byId.get(id)?.generic ?? false;
  const isOutside = (id: string) => vocabulary.byId.get(id)?.outside ?? false;
  const isSetting = (id: string) => vocabulary.byId.get(id)?.setting ?? false;
  const facetOf = (id: string) => vocabulary.byId.get(id)?.facet;

  const NO_FOUND: readonly { topic: string; term: string }[] = Object.freeze([]);

  function findTopics(text: string, abbreviations: readonly Abbreviation[] = [], inContext = false): TopicMatch[] {
    const tokens = tokenize(text);
    // Scopes matter only around a term, and most text has none: found on the first.
    let scopes: Scopes | undefined;
    const matches: TopicMatch[] = [];
    const short = abbreviations.length > 0 ? new Map(abbreviations.map((a) => [a.short, a])) : undefined;
    let abbreviationTopics: Map<string, TopicMatch[]> | undefined;
    let i = 0;
    while (i < tokens.length) {
      const terms = longestTermsAt(trie, tokens, i);
      let last = i;
      let found: readonly { topic: string; term: string; needs?: readonly string[] }[] =
        terms.length === 0 ? NO_FOUND : terms.map((t) => ({ topic: t.topic, term: t.term, ...(t.needs ? { needs: t.needs } : {}) }));
      if (found.length > 0) last = i + terms[0]!.tokens.length - 1;
      else if (short && tokens[i]!.upper) {
        const raw = tokens[i]!.raw;
        const abbreviation = short.get(raw) ?? (raw.endsWith('s') ? short.get(raw.slice(0, -1)) : undefined);
        if (abbreviation) {
          abbreviationTopics ??= new Map();
          let longMatches = abbreviationTopics.get(abbreviation.short);
          if (!longMatches) abbreviationTopics.set(abbreviation.short, (longMatches = counted(findTopics(abbreviation.long))));
          found = longMatches.map((m) => ({ topic: m.topic, term: `${abbreviation.short} (${abbreviation.long})` }));
        }
      }
      if (found.length === 0) {
        i++;
        continue;
      }
      const prev = i > 0 ? tokens[i - 1]! : undefined;
      // `non-opioid`, `non opioid`: the prefix negates the word itself.
      const prefixed = prev !== undefined && prev.raw.toLowerCase() === 'non' && /^[-\s]?$/.test(text.slice(prev.end, tokens[i]!.start));
      // `Medicare claims`, `insurance data`: an aspect named as where the data came from is not the subject.
      const next = tokens[last + 1]?.raw.toLowerCase();
      if (next !== undefined && DATA_SOURCE_NOUNS.has(next)) found = found.filter((f) => facetOf(f.topic) !== 'aspect');
      if (found.length === 0) {
        i = last + 1;
        continue;
      }
      scopes ??= scopesOf(text, tokens);
      if (!prefixed && !inAny(scopes.names, i, last + 1)) {
        const start = tokens[i]!.start;
        const end = tokens[last]!.end;
        const negated = scopes.negated.some(([from, to]) => i >= from && i < to);
        const cause = scopes.causes.some(([from, to]) => i >= from && i < to);
        const consideration = scopes.considerations.some(([from, to]) => i >= from && i < to);
        for (const f of found) {
          matches.push({
            topic: f.topic,
            term: f.term,
            words: text.slice(start, end),
            start,
            end,
            negated,
            inContext,
            ...(cause ? { cause: true } : {}),
            ...(consideration ? { consideration: true } : {}),
            ...(f.needs ? { needs: f.needs } : {}),
          });
        }
      }
      i = last + 1;
    }
    return matches;
  }

  /**
   * The matches that count: not negated; an ambiguous term only in the company its topic asks for; a condition
   * named as a cause only when nothing else in the text is a condition.
   */
  function counted(matches: readonly TopicMatch[]): TopicMatch[] {
    const live = matches.filter((m) => !m.negated && !isOutside(m.topic));
    const firm = live.filter((m) => m.needs === undefined);
    // The company an ambiguous word asks for: the topic itself, or a narrower one of the same kind (a pain
    // condition for `pain`, any opioid for `analgesics`), so an anaesthetic is not `pain` company through settings.
    // Where care happened (`postoperative`, `intensive care`) is no company: `prostate cancer … postoperative death` is oncology.
    const present = (ids: readonly string[]) =>
      firm.some(
        (m) =>
          !isSetting(m.topic) &&
          ids.some((id) => id === m.topic || (vocabulary.descendants.get(id)?.has(m.topic) && facetOf(id) === facetOf(m.topic))),
      );
    const kept = live.filter((m) => m.needs === undefined || present(m.needs));
    const headCondition = kept.some((m) => !m.cause && facetOf(m.topic) === 'condition' && !isGeneric(m.topic));
    return kept.filter((m) => !(m.cause && headCondition && facetOf(m.topic) === 'condition') && !(m.consideration && facetOf(m.topic) === 'aspect'));
  }

  function summarise(matches: readonly TopicMatch[]): { topics: string[]; specific: string[]; counted: TopicMatch[] } {
    const topics: string[] = [];
    const first: TopicMatch[] = [];
    for (const m of counted(matches)) {
      if (topics.includes(m.topic)) continue;
      topics.push(m.topic);
      first.push(m);
    }
    return { topics, specific: topics.filter((t) => !isGeneric(t)), counted: first };
  }

  function tagSentence(text: string, options: TagOptions = {}): SentenceTopics {
    const own = findTopics(text, options.abbreviations);
    const ownSummary = summarise(own);
    if (ownSummary.specific.length > 0 || options.context === undefined) {
      return { ...ownSummary, fromContext: false, matches: own };
    }
    const contexts = typeof options.context === 'string' ? [options.context] : options.context;
    for (const context of contexts) {
      const fromContext = findTopics(context, options.abbreviations, true);
      const contextSummary = summarise(fromContext);
      if (contextSummary.specific.length === 0) continue;
      const matches = [...own, ...fromContext];
      return { ...summarise(matches), fromContext: true, matches };
    }
    return { ...ownSummary, fromContext: false, matches: own };
  }

  function meshTopics(item: CslItem): TopicEvidence[] {
    const headings = (item as { mesh?: unknown }).mesh;
    if (!Array.isArray(headings)) return [];
    const out: TopicEvidence[] = [];
    for (const heading of headings) {
      const h = typeof heading === 'string' ? { name: heading } : (heading as { ui?: unknown; name?: unknown; trees?: unknown });
      const name = typeof h.name === 'string' ? h.name : '';
      const ids = new Set<string>();
      if (typeof h.ui === 'string') for (const t of vocabulary.mesh.byKey.get(h.ui) ?? []) ids.add(t);
      for (const t of vocabulary.mesh.byKey.get(name.toLowerCase()) ?? []) ids.add(t);
      if (Array.isArray(h.trees)) {
        for (const tree of h.trees) {
          if (typeof tree !== 'string') continue;
          const hit = vocabulary.mesh.treePrefixes.find((p) => tree === p.prefix || tree.startsWith(`${p.prefix}.`));
          if (hit) ids.add(hit.topic);
        }
      }
      for (const topic of ids) out.push({ topic, field: 'mesh', words: name || String(h.ui) });
    }
    return out;
  }

  function inferItemTopicsWithEvidence(item: CslItem): { topics: string[]; evidence: TopicEvidence[]; outside: TopicEvidence[] } {
    const evidence: TopicEvidence[] = [];
    const outside: TopicEvidence[] = [];
    const add = (list: TopicEvidence[], e: TopicEvidence) => {
      if (!list.some((x) => x.topic === e.topic)) list.push(e);
    };
    const mesh = meshTopics(item);
    for (const e of mesh) add(isOutside(e.topic) ? outside : evidence, e);
    // Authoritative indexing outranks words: a record whose MeSH headings name a specific topic takes its topics from them.
    const indexed = evidence.some((e) => !isGeneric(e.topic));
    const title = [item.title, item['title-short']].filter((t): t is string => typeof t === 'string' && t.trim() !== '').join('. ');
    const abstract = typeof item.abstract === 'string' ? item.abstract : '';
    const abbreviations = findAbbreviationsIn([title, abstract]);
    const fields: { field: TopicEvidence['field']; parts: string[] }[] = [
      { field: 'title', parts: title ? [title] : [] },
      { field: 'abstract', parts: abstract ? [abstract] : [] },
      // Keywords are a list; each entry is its own phrase, so contrast scopes never cross them.
      { field: 'keyword', parts: typeof item.keyword === 'string' ? item.keyword.split(/[;,\n]/) : [] },
    ];
    for (const { field, parts } of fields) {
      for (const part of parts) {
        const found = findTopics(part, abbreviations);
        let opposites: Set<string> | undefined;
        for (const m of found) {
          if (m.negated || !isOutside(m.topic)) continue;
          opposites ??= oppositesIn(part);
          if (!opposites.has(m.words.toLowerCase().split(/[\s-]/)[0]!)) add(outside, { topic: m.topic, field, words: m.words });
        }
        if (indexed) continue;
        for (const m of summarise(found).counted) add(evidence, { topic: m.topic, field, words: m.words });
      }
    }
    return { topics: evidence.map((e) => e.topic), evidence, outside };
  }

  function topicsOfItem(item: CslItem): ItemTopics {
    if (item.topics !== undefined) {
      // What else the item is about matters only when its own topics cannot decide a match.
      // Where care happened or how a work looked (`on MRI`) is not what it is about.
      const decisive = item.topics.some((t) => vocabulary.byId.has(t) && !isGeneric(t) && !isOutside(t) && !isSetting(t) && facetOf(t) !== 'test');
      const outside = decisive ? [] : inferItemTopicsWithEvidence(item).outside;
      return { topics: [...item.topics], inferred: false, evidence: item.topics.map((topic) => ({ topic, field: 'topics', words: topic })), outside };
    }
    const inferred = inferItemTopicsWithEvidence(item);
    return { topics: inferred.topics, inferred: true, evidence: inferred.evidence, outside: inferred.outside };
  }

  return {
    vocabulary,
    findTopics: (text, abbreviations) => findTopics(text, abbreviations),
    tagSentence,
    topicsOfItem,
    inferItemTopics: (item) => inferItemTopicsWithEvidence(item).topics,
    inferItemTopicsWithEvidence,
    treats: (item) => {
      if (typeof item.title !== 'string') return undefined;
      if (DRUG_TREATMENT_CUE.test(item.title)) return 'drugs';
      if (TREATMENT_CUE.test(item.title)) return 'any';
      // A general review of a condition covers its treatment; a review of its prevalence or causes does not.
      return GENERAL_REVIEW_CUE.test(item.title) && !CONDITION_ONLY_CUE.test(item.title) ? 'any' : undefined;
    },
  };
}

/** Title words of a work about treating a condition with drugs. */
const DRUG_TREATMENT_CUE = /\b(?:pharmacotherapy|pharmacotherapies|pharmacological|pharmacologic|drugs?|medications?|analgesics?|antidepressants?)\b/i;

/** Title words of a work about treating a condition rather than about the condition itself. */
const TREATMENT_CUE =
  /\b(?:for|treatment|treatments|treating|therapy|therapies|therapeutic|pharmacotherapy|pharmacological|management|managing|drugs?|medications?|interventions?|recommendations?|guidelines?|protocols?|consensus|options|approaches|analgesics?|analgesia|topical|oral|intravenous|infusions?|injections?|doses?|dosing|trials?|randomi[sz]ed|placebo|efficacy|effectiveness|versus|vs)\b/i;

/** Title words of a general review of a condition (`Endometriosis: an update`, `Clinical practice. Endometriosis`). */
const GENERAL_REVIEW_CUE = /\b(?:overview|reviews?|update|clinical\s+practice|current\s+concepts)\b/i;

/** Title words of a review of what a condition is, not how it is treated. */
const CONDITION_ONLY_CUE = /\b(?:prevalence|incidence|epidemiolog\w*|burden|risk\s+factors?|a?etiology|pathophysiology|pathogenesis|genetics?|mechanisms?)\b/i;

/**
 * Words the text also names with `non` (`malignant and nonmalignant diseases`, `cancer and non-cancer pain`): a work
 * that names a subject and its opposite spans both, so it is not about that subject. One pass over the text.
 */
function oppositesIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\bnon[-\s]?(\p{L}+)/giu)) out.add(m[1]!.toLowerCase());
  return out;
}

function findAbbreviationsIn(texts: string[]): Abbreviation[] {
  return findAbbreviations(texts.filter((t) => t.includes('(')));
}
