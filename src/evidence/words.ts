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
  })
  .strict();
export type EvidenceWordsInput = z.infer<typeof evidenceWordsSchema>;

export interface EvidenceWords {
  researchWords: readonly string[];
  reportingVerbs: readonly string[];
  resultVerbs: readonly string[];
  people: readonly string[];
  paragraphSignals: readonly string[];
}

const LISTS = ['researchWords', 'reportingVerbs', 'resultVerbs', 'people', 'paragraphSignals'] as const;

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
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
const alternatives = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length).map(escape).join('|');

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
      `\\b(?:(?:was|were|has\\s+been|have\\s+been|had\\s+been)\\s+(?:(?:also|often|frequently|commonly|consistently|widely|significantly|strongly|previously|mainly|mostly|primarily|extensively|not|never|rarely)\\s+)?(?:${alternatives(words.resultVerbs)})(?:\\s+(?:mainly|mostly|primarily|largely|extensively|only))?(?:\\s+(?:in|with|to|among|between|that|after|following|by)|(?=\\s*[,;]|\\.(?:\\s|$)))|(?:is|are)\\s+(?:(?:strongly|significantly|independently|consistently)\\s+)?(?:associated|linked|correlated)\\s+(?:with|to))\\b`,
      'gi',
    ),
    caseReports: /\b(?:in|from)\s+(?:an?\s+|the\s+|two\s+|three\s+|several\s+|published\s+)?case\s+(?:reports?|series)\b/gi,
    estimated: /\b(?:an?\s+)?estimated\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|half|a\s+third|a\s+quarter)/gi,
    people: new RegExp(`\\b(?<![\\d.,])\\d[\\d,.]*\\s*(?:million|billion|thousand)?\\s+(?:${alternatives(words.people)})\\b`, 'gi'),
    paragraphSignal: new RegExp(`(?:^|[^\\w])(?:${alternatives(words.paragraphSignals)})(?![\\w])`, 'gi'),
  };
  compiled.set(words, c);
  return c;
}
