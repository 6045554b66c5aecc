/**
 * The evidence detectors' word lists as data (`default-evidence-words.json`),
 * extended or replaced by a project's `references/topics.yaml` under
 * `evidence:`. Compiled once per list object into the patterns the extra
 * detectors run.
 */
import { z } from 'zod';
import defaultWordsJson from './default-evidence-words.json' with { type: 'json' };

const list = z.array(z.string().trim().min(1));

export const evidenceWordsSchema = z
  .object({
    description: z.string().optional(),
    researchWords: list.optional(),
    reportingVerbs: list.optional(),
    resultVerbs: list.optional(),
    people: list.optional(),
    paragraphSignals: list.optional(),
    rankings: list.optional(),
    trends: list.optional(),
    comparisons: list.optional(),
    evidenceAmounts: list.optional(),
    abilities: list.optional(),
  })
  .strict();
export type EvidenceWordsInput = z.infer<typeof evidenceWordsSchema>;

export interface EvidenceWords {
  researchWords: readonly string[];
  reportingVerbs: readonly string[];
  resultVerbs: readonly string[];
  people: readonly string[];
  paragraphSignals: readonly string[];
  /** Nouns a ranking names: `the leading cause`, `one of the most common reasons`. */
  rankings: readonly string[];
  /** A figure that changed over time: `is on the rise`, `has doubled`. */
  trends: readonly string[];
  /** How well treatments compare: `more effective`, `as effective as`. */
  comparisons: readonly string[];
  /** How much evidence there is, before `evidence` or `data`: `no`, `insufficient`, `a lack of`. */
  evidenceAmounts: readonly string[];
  /** What a treatment is said to be able to do, after `can`: `relieve`, `reduce`. */
  abilities: readonly string[];
}

const LISTS = ['researchWords', 'reportingVerbs', 'resultVerbs', 'people', 'paragraphSignals', 'rankings', 'trends', 'comparisons', 'evidenceAmounts', 'abilities'] as const;

let defaults: EvidenceWords | undefined;

/** The built-in lists. */
export function defaultEvidenceWords(): EvidenceWords {
  if (defaults) return defaults;
  const parsed = evidenceWordsSchema.parse(defaultWordsJson);
  defaults = Object.fromEntries(LISTS.map((k) => [k, parsed[k] ?? []])) as unknown as EvidenceWords;
  return defaults;
}

/** A project's lists: added to `base` when `extend`, else replacing the lists they give. */
export function mergeEvidenceWords(input: EvidenceWordsInput, extend: boolean, base: EvidenceWords = defaultEvidenceWords()): EvidenceWords {
  const out: Record<string, readonly string[]> = {};
  for (const k of LISTS) {
    const own = input[k];
    out[k] = own === undefined ? base[k] : extend ? [...new Set([...base[k], ...own])] : own;
  }
  return out as unknown as EvidenceWords;
}

export interface CompiledEvidenceWords {
  words: EvidenceWords;
  /** A research word, up to twelve words, then a reporting verb. */
  researchSays: RegExp;
  /** `was observed in`, `has been reported`, `were associated with`. */
  passiveResult: RegExp;
  /** `an estimated 40,000`, `an estimated 20%`. */
  estimated: RegExp;
  /** `in case reports of three people`, `in a case series`. */
  caseReports: RegExp;
  /** A count of people in the project's nouns: `12,000 nurses`. */
  people: RegExp;
  paragraphSignal: RegExp;
  /** `the leading cause of`, `one of the most common reasons`, `one of the common reasons`, `the fifth most common complaint`. */
  ranking: RegExp;
  /** `is on the rise`, `has doubled`, `increasingly common`. */
  trend: RegExp;
  /** `more effective`, `equally effective`. */
  comparison: RegExp;
  /** `no evidence`, `a lack of data`, `strong clinical evidence`. */
  evidenceAmount: RegExp;
  /**
   * What a treatment can do: `can relieve jaw pain`, `can also help reduce flares`, `can provide relief for`,
   * `can help patients with`; something must follow (`can also help.` names nothing).
   */
  ability: RegExp;
  /** The same said flatly: `helps abort attacks`, `help reduce flares`, `alleviates stiffness`. */
  flatAbility: RegExp;
  /** A group compared with another: `more often than men`, `more disability … than those with`. */
  groupComparison: RegExp;
  /**
   * A sentence that opens on most of a group: `Most people with …`, `In most cases`, `The majority of back pain`;
   * not `Most people take 20 mg`, which is practice, not a finding about a group.
   */
  majority: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
const alternatives = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length).map(escape).join('|');

/** Whole phrases, longest first, at word boundaries. */
const phrases = (words: readonly string[]) => new RegExp(`\\b(?:${alternatives(words)})\\b`, 'gi');

const compiled = new WeakMap<EvidenceWords, CompiledEvidenceWords>();

export function compileEvidenceWords(words: EvidenceWords): CompiledEvidenceWords {
  let c = compiled.get(words);
  if (c) return c;
  // Bounded repetition of plain words: each step consumes a word and its space, so no two steps overlap.
  const research = `\\b(?:${alternatives(words.researchWords)})\\b(?:,?\\s+[\\w’'-]+){0,12}?,?\\s+(?:${alternatives(words.reportingVerbs)})\\b`;
  c = {
    words,
    researchSays: new RegExp(research, 'gi'),
    passiveResult: new RegExp(
      `\\b(?:(?:was|were|has\\s+been|have\\s+been|had\\s+been)\\s+(?:(?:also|often|frequently|commonly|consistently|widely|significantly|strongly|previously|mainly|mostly|primarily|extensively|not|never|rarely)\\s+)?(?:${alternatives(words.resultVerbs)})(?:\\s+(?:mainly|mostly|primarily|largely|extensively|only))?(?:\\s+(?:in|with|to|among|between|that|after|following|by|since|across)|(?=\\s*[,;]|\\.(?:\\s|$)))|(?:is|are)\\s+(?:(?:strongly|significantly|independently|consistently|also|often|frequently|commonly|closely)\\s+)?(?:associated|linked|correlated)\\s+(?:with|to))\\b`,
      'gi',
    ),
    caseReports: /\b(?:in|from)\s+(?:an?\s+|the\s+|two\s+|three\s+|several\s+|published\s+)?case\s+(?:reports?|series)\b/gi,
    estimated: /\b(?:an?\s+)?estimated\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|half|a\s+third|a\s+quarter)/gi,
    people: new RegExp(`\\b(?<![\\d.,])\\d[\\d,.]*\\s*(?:million|billion|thousand)?\\s+(?:${alternatives(words.people)})\\b`, 'gi'),
    paragraphSignal: new RegExp(`(?:^|[^\\w])(?:${alternatives(words.paragraphSignals)})(?![\\w])`, 'gi'),
    ranking: new RegExp(
      `\\b(?:(?:the|a|one\\s+of\\s+the)\\s+(?:single\\s+)?(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\\d+(?:st|nd|rd|th))\\s+)?(?:leading|commonest|most\\s+(?:common|frequent|prevalent))|one\\s+of\\s+the\\s+(?:more\\s+)?(?:common|frequent|major))\\s+(?:[\\w-]+\\s+){0,2}?(?:${alternatives(words.rankings)})\\b`,
      'gi',
    ),
    trend: phrases(words.trends),
    comparison: phrases(words.comparisons),
    // What the sentence asserts, not an aside (`… due to a lack of strong data`): `There is no evidence`, `Limited data suggest`.
    evidenceAmount: new RegExp(
      `(?:\\bthere\\s+(?:is|are|was|were|remains?)\\s+|^\\s*)(?:${alternatives(words.evidenceAmounts)})\\s+(?:[\\w-]+\\s+)?(?:evidence|data)\\b|\\b(?:evidence|data)\\s+(?:is|are|was|were|remains?)\\s+(?:not\\s+)?(?:adequate|lacking|${alternatives(words.evidenceAmounts)})\\b`,
      'gi',
    ),
    ability: new RegExp(
      `\\bcan\\s+(?:(?:also|often|significantly|effectively|substantially|greatly|markedly|dramatically|further|even)\\s+){0,2}(?:(?:help\\s+(?:to\\s+)?)?(?:${alternatives(words.abilities)})|provide\\s+(?:(?:adequate|significant|effective|good|rapid|some|lasting)\\s+)?relief|help\\s+with|help\\s+(?:(?:many|most|some|depressed|older|younger)\\s+)?(?:${alternatives(words.people)}))\\b(?=\\s+[\\w(])`,
      'gi',
    ),
    flatAbility: new RegExp(`\\b(?:(?:helps|help)\\s+(?:to\\s+)?(?:${alternatives(words.abilities)})|alleviates?|ameliorates?)\\b(?=\\s+[\\w(])`, 'gi'),
    groupComparison: new RegExp(
      `\\b(?:more|less|fewer|higher|lower|greater)\\b(?:,?\\s+[\\w’'-]+){0,6}?,?\\s+than\\s+(?:(?:in|among|for)\\s+)?(?:those|controls|non-?users|the\\s+general\\s+population|${alternatives(words.people)})\\b`,
      'gi',
    ),
    majority: new RegExp(
      `^\\s*(?:(?:in|for)\\s+)?(?:most|the\\s+(?:vast\\s+)?majority\\s+of)\\s+(?:(?:all|the|those)\\s+)?(?!studies\\b|trials\\b|research\\b|reviews?\\b|of\\b)(?:(?:${alternatives(words.people)})\\s+(?:with|who|suffering|experiencing|living|affected|diagnosed)|cases|instances|[\\w-]+\\s+(?:pain|disease|disorder|illness|cases))\\b`,
      'gi',
    ),
  };
  compiled.set(words, c);
  return c;
}
