/**
 * Pure detectors for evidence language in a sentence: does it assert
 * evidence (a statistic, "studies show", "FDA-approved", "a study by…"),
 * does it use strong wording ("has been shown", "proven", "is effective"),
 * and is its support only weak sources. Each answer carries its reasons
 * (the words and their offsets) so a rule can quote them.
 */
import type { CslItem, EvidenceLevel } from '../bibliography/schema.js';

export type EvidenceSignalKind =
  | 'percentage'
  | 'ratio'
  | 'count'
  | 'multiplier'
  | 'statistic'
  | 'research'
  | 'attribution'
  | 'regulatory';

export interface EvidenceSignal {
  kind: EvidenceSignalKind;
  /** The words that carry the signal. */
  text: string;
  /** UTF-16 offsets into the sentence. */
  start: number;
  end: number;
}

/** Why a sentence that has signals is still not taken as asserting evidence. */
export type EvidenceExemption = 'question' | 'heading';

export interface EvidenceAssessment {
  asserts: boolean;
  signals: EvidenceSignal[];
  exemption?: EvidenceExemption;
}

export interface AssertsEvidenceOptions {
  /** The block the sentence is in; headings never assert evidence. */
  kind?: 'paragraph' | 'listItem' | 'tableCell' | 'heading' | 'blockquote';
}

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|a thousand';
// `(?<![\\d.,])`: a number is matched from its first digit only; trying again from every digit after a comma made a
// run of 50,000 `1,` quadratic (the number patterns are built at run time, so the ReDoS check cannot see them).
const NUM = `(?:(?<![\\d.,])\\d+(?:[.,]\\d+)*|${NUMBER_WORDS})`;
const PEOPLE =
  'americans|adults|people|persons|patients|participants|subjects|individuals|children|adolescents|women|men|veterans|respondents|volunteers|users|deaths|cases|amputees|sufferers|residents|citizens';
const PEOPLE_ADJECTIVES = '(?:(?:american|u\\.?s\\.?|us|adult|older|younger|chronic[- ]pain|eligible|british|european|canadian)\\s+)*';

/** Parts of a sentence that look numeric but are not statistics: blanked out (same length) before the numeric patterns run. */
const MASKS: readonly RegExp[] = [
  // Phone numbers: (555) 123-4567, 555-123-4567, 1-800-555-0199.
  /(?:\+?1[-.\s])?\(?\b\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}\b/g,
  // Currency: $400, $ 1,000, €50, 300 dollars; ranges are two amounts.
  // Aggregates (`$13 billion a year`) are statistics, so they stay.
  /[$€£]\s?\d[\d,]*(?:\.\d+)?\b(?:\s?[-–]\s?[$€£]?\s?\d[\d,]*(?:\.\d+)?\b)?(?!\s?(?:k\b|million|billion|trillion|bn\b))|\b(?<![\d,])\d[\d,]*(?:\.\d+)?\s?(?:dollars|euros|pounds|usd)\b/gi,
  // Dates: October 21, 2019; 21 October 2019; 2019-10-21; 10/21/2019.
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b/gi,
  /\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+\d{4}\b/gi,
  /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g,
  // Years and decades: 2019, the 1960s, mid-2000s.
  /\b(?:1[89]|20)\d{2}s?\b/g,
  // Clock times: 10:30, 9 am.
  /\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b/gi,
  // A list counter at the start: `1.`, `(2)`, `Step 3:`.
  /^\s*(?:\(?\d+[.)]|step\s+\d+:?)\s+/i,
];

interface Pattern {
  kind: EvidenceSignalKind;
  /** A global regular expression, or a scanner that yields what it would match. */
  re: RegExp | { matchIn(text: string): Iterable<{ index: number; length: number }> };
  /** Not a signal in advice to the reader (`avoid food for 6 hours`, `ask about taking part in a trial`). */
  numeric: boolean;
}

const PATTERNS: readonly Pattern[] = [
  {
    kind: 'percentage',
    re: new RegExp(`\\b(?:\\d+(?:[.,]\\d+)?|${NUMBER_WORDS})\\s?(?:%|percent\\b|per cent\\b)(?!\\s+(?:guaranteed|sure|certain|natural|honest|free\\b))`, 'gi'),
    numeric: true,
  },
  { kind: 'ratio', re: new RegExp(`\\b${NUM}\\s+(?:in|out\\s+of)\\s+(?:every\\s+)?${NUM}\\b(?!\\s*(?:minutes|hours|days|weeks|months|years|mg|ml))`, 'gi'), numeric: true },
  {
    kind: 'ratio',
    re: new RegExp(`\\b(?:half|a\\s+third|a\\s+quarter|one[- ]third|one[- ]quarter|two[- ]thirds|three[- ]quarters|the\\s+majority|a\\s+majority)\\s+of\\s+(?:all\\s+|the\\s+|those\\s+)?${PEOPLE_ADJECTIVES}(?:${PEOPLE})\\b`, 'gi'),
    numeric: true,
  },
  {
    kind: 'count',
    re: new RegExp(`\\b(?:(?<![\\d.,])\\d[\\d,.]*\\s*(?:million|billion|thousand)?|(?:${NUMBER_WORDS})\\s+(?:million|billion|thousand))\\s+${PEOPLE_ADJECTIVES}(?:${PEOPLE})\\b`, 'gi'),
    numeric: true,
  },
  { kind: 'count', re: new RegExp(`(?:[$€£]\\s?)?\\b(?:(?<![\\d.,])\\d[\\d,.]*|${NUMBER_WORDS})\\s*(?:million|billion|trillion)\\b`, 'gi'), numeric: true },
  {
    kind: 'multiplier',
    re: new RegExp(
      `\\b(?:\\d+(?:\\.\\d+)?|${NUMBER_WORDS})[- ]?(?:times|fold)\\s+(?:more|less|higher|lower|greater|as|the)\\b|\\b(?:doubl|tripl|halv|quadrupl)\\w*\\s+(?:the\\s+|their\\s+|a\\s+patient's\\s+)?(?:risk|odds|chance|likelihood|rate)\\b`,
      'gi',
    ),
    numeric: true,
  },
  {
    kind: 'statistic',
    re: /\b(?:rose|fell|dropped|increased|decreased|declined|grew|jumped|climbed|risen|fallen|plunged|soared)\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?(?:a\s+third|a\s+quarter|half|two[- ]thirds|\d+(?:\.\d+)?\s?(?:%|percent\b)|(?:\d+|two|three|four|five|ten)[- ]?fold)/gi,
    numeric: true,
  },
  // `studies … show`: a research word, then within twelve words a reporting verb (see `researchSays`).
  { kind: 'research', re: { matchIn: researchSays }, numeric: false },
  { kind: 'research', re: /\b(?:has|have|had)\s+(?:been|not\s+been)\s+(?:clinically\s+|scientifically\s+)?(?:shown|proven|proved|demonstrated|found)\s+to\b/gi, numeric: false },
  // Predicative only: `ketamine is clinically proven` asserts; `clinically proven treatments` names a class.
  { kind: 'research', re: /\b(?:is|are|was|were)\s+(?:clinically|scientifically)[- ]proven\b/gi, numeric: false },
  {
    kind: 'attribution',
    re: /\b(?:a|an|one|the|this|that|recent|new|large|landmark)\s+(?:[\w-]+\s+){0,2}?(?:study|survey|trial|meta-analysis|poll|analysis)\s+(?:by|from|conducted|published|presented|led|funded|involving|of\s+\d)/gi,
    numeric: false,
  },
  { kind: 'attribution', re: /\b(?:in|from)\s+(?:a|an|one|the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:study|survey|trial|meta-analysis|poll|cohort|analysis)\b/gi, numeric: true },
  { kind: 'attribution', re: /\b[Aa]ccording\s+to\s+(?:(?:a|an|one|the|recent|new)\s+)?(?:(?:study|survey|research|report|data|statistics|estimates|figures|trial)\b|[A-Z][\w.-]*)/g, numeric: false },
  {
    kind: 'regulatory',
    re: /\bFDA[- ](?:approved|cleared|authori[sz]ed)\b|\bapproved\s+by\s+the\s+(?:U\.?S\.?\s+)?(?:FDA|Food\s+and\s+Drug\s+Administration)\b|\b(?:FDA|Food\s+and\s+Drug\s+Administration)\s+(?:has\s+|had\s+)?(?:approved|cleared|authori[sz]ed)\b|\b(?:received|got|gained|granted|won|earned)\s+(?:an?\s+)?FDA\s+(?:approval|clearance)\b|\bFDA\s+approval\s+(?:for|of|in)\b/g,
    numeric: false,
  },
  {
    kind: 'statistic',
    re: new RegExp(
      `\\b(?:average|mean|median|prevalence|incidence|(?:the|a|an|its|their|this|that)\\s+rate|rates|risk|odds|likelihood|mortality|remission|response\\s+rate|success\\s+rate|survival)\\b(?:\\s+[\\w’'-]+){0,8}?\\s+(?:of\\s+|is\\s+|was\\s+|about\\s+|around\\s+|nearly\\s+|approximately\\s+|roughly\\s+)*${NUM}\\b`,
      'gi',
    ),
    numeric: true,
  },
];

const RESEARCH_WORD =
  /\b(?:studies|study|research|trials?|surveys?|meta-analys[ie]s|systematic\s+reviews?|data|evidence|researchers|scientists|investigators|experiments?|analyses|statistics|reports?|findings)\b/gi;
const REPORTING_VERBS = new Set(
  'show shows showed shown found find finds suggest suggests suggested indicate indicates indicated demonstrate demonstrates demonstrated report reports reported reveal reveals revealed conclude concludes concluded confirm confirms confirmed highlight highlighted says estimate estimates estimated prove proves proved proven link links linked observed documented'.split(' '),
);
const LONGEST_VERB = 12;

/**
 * `studies show`, `research in adults has found`: a research word, at most
 * twelve words, and a reporting verb, as the regular expression
 * `\b(?:studies|…)\b(?:\s+[\w’'-]+){0,12}?\s+(?:show|…)\b` matches, but
 * as a scan that reads each word once: linear by construction, where the
 * regex's nested word loop left the ReDoS check undecided.
 */
function* researchSays(text: string): Generator<{ index: number; length: number }> {
  RESEARCH_WORD.lastIndex = 0;
  for (let found = RESEARCH_WORD.exec(text); found !== null; found = RESEARCH_WORD.exec(text)) {
    let at = found.index + found[0].length;
    let end = -1;
    for (let words = 0; words <= 12; words++) {
      // White space, then a word of letters, digits, `_`, `’`, `'` and `-`.
      let start = at;
      while (start < text.length && /\s/.test(text[start]!)) start++;
      let stop = start;
      while (stop < text.length && isWordChar(text.charCodeAt(stop))) stop++;
      if (start === at || stop === start) break;
      const verb = verbAtStart(text.slice(start, stop));
      if (verb > 0) {
        end = start + verb;
        break;
      }
      at = stop;
    }
    if (end < 0) {
      RESEARCH_WORD.lastIndex = found.index + 1;
      continue;
    }
    yield { index: found.index, length: end - found.index };
    RESEARCH_WORD.lastIndex = end;
  }
}

/** `[\w’'-]`. */
function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 0x2019 || code === 39 || code === 45;
}

/** The length of the reporting verb `word` starts with, followed by a non-word character or its end; 0 if none. */
function verbAtStart(word: string): number {
  const lower = word.toLowerCase();
  for (let length = Math.min(lower.length, LONGEST_VERB); length >= 3; length--) {
    if (length < lower.length && /\w/.test(lower[length]!)) continue;
    if (REPORTING_VERBS.has(lower.slice(0, length))) return length;
  }
  return 0;
}

/** Sentences that open with an instruction to the reader: numbers in advice ("avoid food 4-6 hours before") are not statistics. */
const ADVICE_START =
  /^\s*(?:please\s+)?(?:don['’]t|do\s+not|never|avoid|talk|ask|plan|dress|bring|take|call|consult|speak|try|make\s+sure|ensure|check|clear|keep|be\s+sure|remember|consider|follow|drink|eat|stop|tell|use|seek|wait|schedule|arrange|rest|limit|start|skip|wear)\b/i;

/** A `?` followed only by white space, closing quotes or brackets, and white space (scanned back from the end, in linear time). */
function endsWithQuestionMark(sentence: string): boolean {
  let i = sentence.length;
  while (i > 0 && /\s/.test(sentence[i - 1]!)) i--;
  while (i > 0 && '"”’)'.includes(sentence[i - 1]!)) i--;
  while (i > 0 && /\s/.test(sentence[i - 1]!)) i--;
  return sentence[i - 1] === '?';
}

function* matches(text: string, re: RegExp): Generator<{ index: number; length: number }> {
  for (const m of text.matchAll(re)) yield { index: m.index, length: m[0].length };
}

function mask(text: string): string {
  // Every mask needs a digit.
  if (!/\d/.test(text)) return text;
  let out = text;
  for (const re of MASKS) out = out.replace(re, (m) => ' '.repeat(m.length));
  return out;
}

/**
 * A word every pattern above needs (at a word start) or a digit: a sentence
 * with none of them cannot match, so the 15 patterns and 8 masks are not
 * run on it. Most prose has none; this one test made the detector about
 * four times faster. A pattern added above needs its word here too.
 */
const TRIGGER = new RegExp(
  `\\d|\\b(?:${NUMBER_WORDS}|thousand|half|third|quarter|majority|doubl|tripl|halv|quadrupl|stud|research|trial|survey|meta|systematic|data|evidence|scientist|investigator|experiment|analys|statistic|report|finding|been|proven|poll|cohort|according|fda|food|average|mean|median|prevalence|incidence|rate|risk|odds|likelihood|mortality|remission|response|success|survival)`,
  'i',
);

/** Whether a sentence asserts evidence and so needs a citation, with the words that say so. */
export function assertsEvidence(sentence: string, options: AssertsEvidenceOptions = {}): EvidenceAssessment {
  if (!TRIGGER.test(sentence)) return { asserts: false, signals: [] };
  const masked = mask(sentence);
  const advice = ADVICE_START.test(sentence);
  const signals: EvidenceSignal[] = [];
  for (const { kind, re, numeric } of PATTERNS) {
    if (numeric && advice) continue;
    for (const m of re instanceof RegExp ? matches(masked, re) : re.matchIn(masked)) {
      const start = m.index;
      const end = start + m.length;
      if (signals.some((s) => start < s.end && end > s.start)) continue;
      signals.push({ kind, text: sentence.slice(start, end).trim(), start, end });
    }
  }
  signals.sort((a, b) => a.start - b.start);
  if (signals.length === 0) return { asserts: false, signals };
  if (options.kind === 'heading') return { asserts: false, signals, exemption: 'heading' };
  if (endsWithQuestionMark(sentence)) return { asserts: false, signals, exemption: 'question' };
  return { asserts: true, signals };
}

export interface StrongWordingMatch {
  phrase: string;
  start: number;
  end: number;
}

const STRONG_PATTERNS: readonly RegExp[] = [
  /\b(?:has|have|had)\s+been\s+(?:clinically\s+|scientifically\s+|repeatedly\s+|consistently\s+)?(?:shown|proven|proved|demonstrated|established)\b/gi,
  /(?<!\bun|\bnot\s|\bnever\s|\bbeen\s)\b(?:clinically\s+|scientifically\s+)?proven\b/gi,
  /\b(?:studies|research|evidence|trials|science|data)\s+(?:clearly\s+|consistently\s+)?(?:show|shows|proves?|demonstrates?|confirms?)\b/gi,
  /\b(?:is|are|was|were)\s+(?:(?:very|highly|extremely|clinically|remarkably|particularly|especially|exceptionally)\s+)?(?:effective|efficacious)\b/gi,
  /\b(?:an?|the|most|highly|very)\s+(?:(?:most|highly|very)\s+)?effective\s+(?:treatment|therapy|pain\s+reliever|option|way|drug|medication|intervention|remedy|approach|method)\b/gi,
  /\bwell[- ]established\b/gi,
];

/** Strong claims of efficacy or proof; hedged forms ("may be effective") do not count. */
export function strongWording(text: string): StrongWordingMatch[] {
  const found: StrongWordingMatch[] = [];
  for (const re of STRONG_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      found.push({ phrase: m[0], start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Sources too weak to carry strong wording on their own. */
export const WEAK_EVIDENCE_LEVELS: ReadonlySet<EvidenceLevel> = new Set<EvidenceLevel>(['web-page', 'press-release', 'expert-opinion']);

/** An item's evidence level: its `evidence` field, else what its CSL type or genre plainly says, else undefined. */
export function evidenceLevelOf(item: CslItem): EvidenceLevel | undefined {
  if (item.evidence) return item.evidence;
  if (item.genre && /press[- ]release/i.test(item.genre)) return 'press-release';
  if (item.type === 'webpage' || item.type === 'post' || item.type === 'post-weblog') return 'web-page';
  if (item.type === 'personal_communication' || item.type === 'interview') return 'expert-opinion';
  return undefined;
}

/** True when there is support and every item of it is a web page, press release or expert opinion. */
export function isWeakSupport(items: readonly CslItem[]): boolean {
  if (items.length === 0) return false;
  return items.every((item) => {
    const level = evidenceLevelOf(item);
    return level !== undefined && WEAK_EVIDENCE_LEVELS.has(level);
  });
}
