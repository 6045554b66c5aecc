/**
 * Pure detectors for evidence language in a sentence: does it assert
 * evidence (a statistic, "studies show", "FDA-approved", "a study by…"),
 * does it use strong wording ("has been shown", "proven", "is effective"),
 * and is its support only weak sources. Each answer carries its reasons
 * (the words and their offsets) so a rule can quote them.
 */
import type { CslItem, EvidenceLevel } from '../bibliography/schema.js';
import { compileEvidenceWords, defaultEvidenceWords, type EvidenceWords } from './words.js';
import { isWhiteSpace } from '../util/chars.js';

export type EvidenceSignalKind =
  | 'percentage'
  | 'ratio'
  | 'count'
  | 'multiplier'
  | 'statistic'
  | 'research'
  | 'attribution'
  | 'regulatory'
  | 'result';

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
  /** The detectors' word lists (default: the built-in ones; a project extends them in `references/topics.yaml`). */
  words?: EvidenceWords;
  /**
   * Another sentence of the same paragraph cites a source: the paragraph reports evidence, so weaker signals
   * (`significantly reduced`, `is more effective than`) in an uncited sentence assert it too.
   */
  paragraphCited?: boolean;
}

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|a thousand';
// `(?<![\\d.,])`: a number is matched from its first digit only; trying again from every digit after a comma made a
// run of 50,000 `1,` quadratic (the number patterns are built at run time, so the ReDoS check cannot see them).
const NUM = `(?:(?<![\\d.,])\\d+(?:[.,]\\d+)*|${NUMBER_WORDS})`;
const PEOPLE =
  'americans|adults|people|persons|patients|participants|subjects|individuals|children|adolescents|women|men|veterans|respondents|volunteers|users|deaths|cases|amputees|sufferers|residents|citizens';
const PEOPLE_ADJECTIVES = '(?:(?:american|u\\.?s\\.?|us|adult|older|younger|chronic[- ]pain|eligible|british|european|canadian)\\s+)*';

/** Four digits in a row: phone numbers, dates and years need them. */
const FOUR_DIGITS = /\d{4}/;

/**
 * Parts of a sentence that look numeric but are not statistics: blanked out (same length) before the numeric patterns run.
 * `needs` is a test that every text the mask matches in passes; a mask whose test fails is not run.
 */
const MASKS: readonly { re: RegExp; needs: RegExp }[] = [
  // Phone numbers: (555) 123-4567, 555-123-4567, 1-800-555-0199.
  { re: /(?:\+?1[-.\s])?\(?\b\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}\b/g, needs: FOUR_DIGITS },
  // Currency: $400, $ 1,000, €50, 300 dollars; ranges are two amounts.
  // Aggregates (`$13 billion a year`) are statistics, so they stay.
  {
    re: /[$€£]\s?\d[\d,]*(?:\.\d+)?\b(?:\s?[-–]\s?[$€£]?\s?\d[\d,]*(?:\.\d+)?\b)?(?!\s?(?:k\b|million|billion|trillion|bn\b))|\b(?<![\d,])\d[\d,]*(?:\.\d+)?\s?(?:dollars|euros|pounds|usd)\b/gi,
    needs: /[$€£]|dollars|euros|pounds|usd/i,
  },
  // Dates: October 21, 2019; 21 October 2019; 2019-10-21; 10/21/2019.
  {
    re: /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b/gi,
    needs: FOUR_DIGITS,
  },
  {
    re: /\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+\d{4}\b/gi,
    needs: FOUR_DIGITS,
  },
  { re: /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g, needs: /\d{4}|\// },
  // Years and decades: 2019, the 1960s, mid-2000s.
  { re: /\b(?:1[89]|20)\d{2}s?\b/g, needs: FOUR_DIGITS },
  // Clock times: 10:30, 9 am.
  { re: /\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b/gi, needs: /:|\d\s?[ap]m/i },
  // A list counter at the start: `1.`, `(2)`, `Step 3:`.
  { re: /^\s*(?:\(?\d+[.)]|step\s+\d+:?)\s+/i, needs: /^\s*(?:\(|\d|step)/i },
];

/** Any mask's test, in one: most sentences with a digit pass none of them. */
const SOME_MASK = new RegExp([...new Set(MASKS.map(({ needs }) => needs.source))].join('|'), 'i');

interface Pattern {
  kind: EvidenceSignalKind;
  /** A global regular expression, or a scanner that returns what it would match. */
  re: RegExp | { matchIn(text: string): { index: number; length: number }[] };
  /** Not a signal in advice to the reader (`avoid food for 6 hours`, `ask about taking part in a trial`). */
  numeric: boolean;
  /**
   * A test of the lower-cased masked sentence that every match passes, mostly
   * a word the pattern cannot match without. A pattern whose test fails is
   * not run, which is most patterns on most sentences: running all fifteen
   * on every sentence the trigger let through was three quarters of the
   * detector's time. It may pass sentences the pattern does not match,
   * never the reverse: its words must not be stricter than the pattern's.
   */
  needs: (lower: string) => boolean;
}

/** The letters of each word in NUMBER_WORDS (`fift` for fifteen and fifty, `six` for sixty, …). */
const NUMBER_WORD_LETTERS = /one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fift|twenty|thirty|forty|hundred|thousand/;

/** What `NUM` needs: a digit or a number word. Two tests, as a digit is found much faster alone. */
function mayHaveNumber(lower: string): boolean {
  return /\d/.test(lower) || NUMBER_WORD_LETTERS.test(lower);
}

/** A word of PEOPLE, which the patterns that count people end with. */
const PEOPLE_WORD = new RegExp(PEOPLE);

const PATTERNS: readonly Pattern[] = [
  {
    kind: 'percentage',
    re: new RegExp(`\\b(?:\\d+(?:[.,]\\d+)?|${NUMBER_WORDS})\\s?(?:%|percent\\b|per cent\\b)(?!\\s+(?:guaranteed|sure|certain|natural|honest|free\\b))`, 'gi'),
    numeric: true,
    needs: (lower) => lower.includes('%') || lower.includes('cent'),
  },
  {
    kind: 'ratio',
    re: new RegExp(`\\b${NUM}\\s+(?:in|out\\s+of)\\s+(?:every\\s+)?${NUM}\\b(?!\\s*(?:minutes|hours|days|weeks|months|years|mg|ml))`, 'gi'),
    numeric: true,
    needs: (lower) => /\s(?:in|out)\s/.test(lower) && mayHaveNumber(lower),
  },
  {
    kind: 'ratio',
    re: new RegExp(`(?:\\b(?:half|a\\s+third|a\\s+quarter|one[- ]third|one[- ]quarter|two[- ]thirds|three[- ]quarters|the\\s+majority|a\\s+majority)|[¼½¾⅓⅔])(?:\\s+or\\s+(?:more|fewer|less))?\\s+of\\s+(?:all\\s+|the\\s+|those\\s+)?${PEOPLE_ADJECTIVES}(?:${PEOPLE})\\b`, 'gi'),
    numeric: true,
    needs: (lower) => /half|third|quarter|majority|[¼½¾⅓⅔]/.test(lower) && PEOPLE_WORD.test(lower),
  },
  // `in 1/1000`: a rate written as a fraction.
  { kind: 'ratio', re: /\bin\s+1\s?\/\s?\d{2,}\b/gi, numeric: true, needs: (lower) => lower.includes('/') },
  {
    kind: 'count',
    re: new RegExp(`\\b(?:(?<![\\d.,])\\d[\\d,.]*\\s*(?:million|billion|thousand)?|(?:${NUMBER_WORDS})\\s+(?:million|billion|thousand))\\s+${PEOPLE_ADJECTIVES}(?:${PEOPLE})\\b`, 'gi'),
    numeric: true,
    needs: (lower) => (/\d/.test(lower) || /illion|thousand/.test(lower)) && PEOPLE_WORD.test(lower),
  },
  {
    kind: 'count',
    re: new RegExp(`(?:[$€£]\\s?)?\\b(?:(?<![\\d.,])\\d[\\d,.]*|${NUMBER_WORDS})\\s*(?:million|billion|trillion)\\b`, 'gi'),
    numeric: true,
    needs: (lower) => lower.includes('illion'),
  },
  {
    kind: 'multiplier',
    re: new RegExp(
      `\\b(?:\\d+(?:\\.\\d+)?|${NUMBER_WORDS})[- ]?(?:times|fold)\\s+(?:more|less|higher|lower|greater|as|the)\\b|\\b(?:doubl|tripl|halv|quadrupl)\\w*\\s+(?:the\\s+|their\\s+|a\\s+patient's\\s+)?(?:risk|odds|chance|likelihood|rate)\\b`,
      'gi',
    ),
    numeric: true,
    needs: (lower) => /times|fold|doubl|tripl|halv|quadrupl/.test(lower),
  },
  {
    kind: 'statistic',
    re: /\b(?:rose|fell|dropped|increased|decreased|declined|grew|jumped|climbed|risen|fallen|plunged|soared)\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?(?:a\s+third|a\s+quarter|half|two[- ]thirds|\d+(?:\.\d+)?\s?(?:%|percent\b)|(?:\d+|two|three|four|five|ten)[- ]?fold)/gi,
    numeric: true,
    needs: (lower) => /rose|fell|dropped|creased|declined|grew|jumped|climbed|risen|fallen|plunged|soared/.test(lower),
  },
  // `studies … show`: a research word, then within twelve words a reporting verb (see `researchSays`).
  {
    kind: 'research',
    re: { matchIn: researchSays },
    numeric: false,
    needs: (lower) => /stud|research|trial|survey|analys|systematic|data|evidence|scientist|investigator|experiment|statistic|report|finding/.test(lower),
  },
  {
    kind: 'research',
    re: /\b(?:has|have|had)\s+(?:been|not\s+been)\s+(?:clinically\s+|scientifically\s+)?(?:shown|proven|proved|demonstrated|found)\s+to\b/gi,
    numeric: false,
    needs: (lower) => lower.includes('been'),
  },
  // `has proved effective`, `have proved to be safe`: a finding without `been`.
  {
    kind: 'research',
    re: /\b(?:has|have|had)\s+(?:repeatedly\s+|consistently\s+)?(?:proved|proven)\s+(?:to\b|effective|efficacious|useful|beneficial|safe|superior)/gi,
    numeric: false,
    needs: (lower) => lower.includes('prov'),
  },
  // A treatment said to work, flatly: `X is effective for …`, `Y is also effective.` (`may be effective` is a hedge).
  {
    kind: 'statistic',
    re: /\b(?:is|are)\s+(?:also\s+|often\s+|usually\s+|generally\s+|highly\s+|very\s+|clinically\s+)?(?:effective|efficacious)(?=\s+(?:for|in|at|when|against|as)\b|\s*[.;,]|\s*$)/gi,
    numeric: false,
    needs: (lower) => lower.includes('effective') || lower.includes('efficacious'),
  },
  // `relapse rates are high`: how often something happens, without a figure.
  {
    kind: 'statistic',
    re: /\b(?:rates|prevalence|incidence|mortality)\s+(?:is|are|was|were|remains?)\s+(?:very\s+|relatively\s+)?(?:high|low|higher|lower|rising|falling|increasing|decreasing)\b/gi,
    numeric: false,
    needs: (lower) => /rates|prevalence|incidence|mortality/.test(lower),
  },
  // `Some experts consider …`: a view attributed to people the sentence does not name.
  {
    kind: 'attribution',
    re: /\b(?:some|many|most)\s+(?:experts|authorities|specialists|researchers|authors)\s+(?:consider|believe|recommend|suggest|argue|regard|think|find|found|agree)\b/gi,
    numeric: false,
    needs: (lower) => /experts|authorities|specialists|researchers|authors/.test(lower),
  },
  // Predicative only: `ketamine is clinically proven` asserts; `clinically proven treatments` names a class.
  { kind: 'research', re: /\b(?:is|are|was|were)\s+(?:clinically|scientifically)[- ]proven\b/gi, numeric: false, needs: (lower) => lower.includes('proven') },
  {
    kind: 'attribution',
    re: /\b(?:a|an|one|the|this|that|recent|new|large|landmark)\s+(?:[\w-]+\s+){0,2}?(?:study|survey|trial|meta-analysis|poll|analysis)\s+(?:by|from|conducted|published|presented|led|funded|involving|of\s+\d)/gi,
    numeric: false,
    needs: (lower) => /study|survey|trial|poll|analysis/.test(lower),
  },
  {
    kind: 'attribution',
    re: /\b(?:in|from)\s+(?:a|an|one|the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:study|survey|trial|meta-analysis|poll|cohort|analysis)\b/gi,
    numeric: true,
    needs: (lower) => /study|survey|trial|poll|cohort|analysis/.test(lower),
  },
  {
    kind: 'attribution',
    re: /\b[Aa]ccording\s+to\s+(?:(?:a|an|one|the|recent|new)\s+)?(?:(?:study|survey|research|report|data|statistics|estimates|figures|trial)\b|[A-Z][\w.-]*)/g,
    numeric: false,
    needs: (lower) => lower.includes('according'),
  },
  {
    kind: 'regulatory',
    re: /\bFDA[- ](?:approved|cleared|authori[sz]ed)\b|\bapproved\s+by\s+the\s+(?:U\.?S\.?\s+)?(?:FDA|Food\s+and\s+Drug\s+Administration)\b|\b(?:FDA|Food\s+and\s+Drug\s+Administration)\s+(?:has\s+|had\s+)?(?:approved|cleared|authori[sz]ed)\b|\b(?:received|got|gained|granted|won|earned)\s+(?:an?\s+)?FDA\s+(?:approval|clearance)\b|\bFDA\s+approval\s+(?:for|of|in)\b/g,
    numeric: false,
    needs: (lower) => lower.includes('fda') || lower.includes('food'),
  },
  // A group `at (an) increased risk of` something: an epidemiological finding, even without a figure (not in a
  // relative clause, `the elderly, who are at increased risk of …`, which describes whom a sentence is about).
  { kind: 'statistic', re: { matchIn: atRiskGroups }, numeric: true, needs: (lower) => lower.includes(' risk') },
  // `onset … between 30 and 60 years of age`: an age range is an epidemiological figure.
  {
    kind: 'statistic',
    re: new RegExp(`\\b(?:between|from)\\s+(?:the\\s+)?(?:ages?\\s+(?:of\\s+)?)?${NUM}\\s+(?:and|to)\\s+${NUM}\\s+years\\s+(?:of\\s+age|old)\\b`, 'gi'),
    numeric: true,
    needs: (lower) => lower.includes('years'),
  },
  // `In 1989, … Olney reported (that) ketamine caused …`: a dated finding is someone's result.
  {
    kind: 'attribution',
    re: { matchIn: datedFindings },
    numeric: false,
    needs: (lower) => /reported|found|showed|demonstrated|described|discovered|observed|established/.test(lower),
  },
  // `Results of adding X are mixed`: how findings agree, without a figure.
  { kind: 'research', re: { matchIn: mixedFindings }, numeric: false, needs: (lower) => /mixed|conflicting|inconsistent|inconclusive|contradictory|equivocal/.test(lower) },
  // `Cysts over 2 cm respond poorly to danazol`: how a group responds to a treatment.
  {
    kind: 'result',
    re: /\brespond(?:s|ed)?\s+(?:poorly|less\s+well|better|worse|favou?rably|unfavou?rably)\s+to\b/gi,
    numeric: false,
    needs: (lower) => lower.includes('respond'),
  },
  // `is now known to`: a finding that changed what is known.
  { kind: 'result', re: /\b(?:is|are)\s+now\s+(?:known|recogni[sz]ed|understood|established)\s+(?:to|as|that)\b/gi, numeric: false, needs: (lower) => lower.includes('now') },
  // `most commonly begins in the third decade`: a ranking as an adverb; not practice (`most commonly used`) or a name.
  {
    kind: 'statistic',
    re: /\bmost\s+(?:commonly|frequently)\b(?!\s+(?:used|prescribed|given|recommended|administered|chosen|offered|called|known|referred|performed))/gi,
    numeric: true,
    needs: (lower) => lower.includes('most'),
  },
  // `are most effective when taken early`: when a treatment works best (not `care is most effective when tailored`).
  {
    kind: 'statistic',
    re: /\b(?:is|are)\s+(?:(?:often|usually|generally|also)\s+)?most\s+effective\s+(?:when|if)\s+(?:taken|started|given|used|administered|applied|initiated|begun|combined)\b/gi,
    numeric: false,
    needs: (lower) => lower.includes('effective'),
  },
  // `have no serious adverse effects`: a claim of safety.
  {
    kind: 'statistic',
    re: /\b(?:has|have|had)\s+(?:no|few|minimal)\s+(?:(?:significant|serious|major|clinically\s+significant|known|long-term)\s+)?(?:adverse\s+(?:effects|events|reactions)|side\s+effects)\b/gi,
    numeric: false,
    needs: (lower) => lower.includes('effects') || lower.includes('events') || lower.includes('reactions'),
  },
  // `There is a clear relationship between obesity and gout`: an association in other words.
  {
    kind: 'statistic',
    re: /\bthere\s+(?:is|are|was|were)\s+(?:a\s+)?(?:clear|strong|well-established|established|known|close|significant|direct|consistent)\s+(?:relationship|association|link|correlation)s?\s+between\b/gi,
    numeric: false,
    needs: (lower) => lower.includes('between'),
  },
  // `The risk of bleeding increases with higher doses`: a risk said to rise.
  { kind: 'statistic', re: { matchIn: risingRisk }, numeric: false, needs: (lower) => lower.includes('risk') },
  // `are more frequent in older patients`, `are more likely to get it`: a group compared without `than`.
  {
    kind: 'statistic',
    re: /\b(?:is|are|was|were)\s+(?:more|less)\s+(?:frequent|common|prevalent|likely)\s+(?:in|among|to)\b/gi,
    numeric: true,
    needs: (lower) => lower.includes('more') || lower.includes('less'),
  },
  // `naloxone reduces overdose deaths`, `physiotherapy cuts the risk of`: a treatment's effect on an outcome, flatly.
  { kind: 'result', re: { matchIn: outcomeEffects }, numeric: true, needs: (lower) => /reduc|cut|lower|improv|decreas|halv/.test(lower) },
  // `Few studies have looked at`: how much research there is.
  { kind: 'research', re: /\b(?:few|no|limited)\s+(?:studies|trials)\s+(?:have|has)\b/gi, numeric: false, needs: (lower) => /studies|trials/.test(lower) },
  // `is also reported as being undertreated`: a finding in the passive present (not `is often described as`, a description).
  {
    kind: 'result',
    re: /\b(?:is|are)\s+(?:also\s+|often\s+|widely\s+|commonly\s+)?(?:reported|documented)\s+(?:as|to\s+be)\b/gi,
    numeric: false,
    needs: (lower) => /reported|documented/.test(lower),
  },
  // `millions of people`: a count without digits.
  {
    kind: 'count',
    re: /\b(?:millions|thousands|hundreds\s+of\s+thousands)\s+of\s+(?:people|patients|adults|children|americans|women|men|users|deaths|individuals)\b/gi,
    numeric: true,
    needs: (lower) => /millions|thousands/.test(lower),
  },
  // `It is now well recognised that`: what is taken as established.
  {
    kind: 'research',
    re: /\b(?:well|widely|generally|increasingly)\s+(?:recogni[sz]ed|accepted|established|known)\s+that\b/gi,
    numeric: false,
    needs: (lower) => lower.includes('that'),
  },
  // `The panel found insufficient evidence`: how much evidence someone found.
  {
    kind: 'research',
    re: /\b(?:found|finds|find|showed|shows)\s+(?:no|insufficient|little|limited|some|strong|good|moderate|weak)\s+(?:[\w-]+\s+)?evidence\b/gi,
    numeric: false,
    needs: (lower) => lower.includes('evidence'),
  },
  // `Current studies … are of low quality`: how good the research is.
  { kind: 'research', re: { matchIn: researchQuality }, numeric: false, needs: (lower) => lower.includes('quality') },
  // `resembles venlafaxine in effectiveness`, `similar in efficacy`: two treatments compared.
  { kind: 'statistic', re: { matchIn: effectivenessLikeness }, numeric: false, needs: (lower) => /effectiveness|efficacy/.test(lower) },
  {
    kind: 'statistic',
    re: new RegExp(
      `\\b(?:average|mean|median|prevalence|incidence|(?:the|a|an|its|their|this|that)\\s+rate|rates|risk|odds|likelihood|mortality|remission|response\\s+rate|success\\s+rate|survival)\\b(?:\\s+[\\w’'-]+){0,8}?\\s+(?:of\\s+|is\\s+|was\\s+|about\\s+|around\\s+|nearly\\s+|approximately\\s+|roughly\\s+)*${NUM}\\b`,
      'gi',
    ),
    numeric: true,
    needs: (lower) =>
      /average|mean|median|prevalence|incidence|rate|risk|odds|likelihood|mortality|remission|survival/.test(lower) && mayHaveNumber(lower),
  },
];

const RISK_OF = /\brisk\s+(?:of|for)\b/gi;
const RAISED = new Set(['elevated', 'increased', 'higher', 'greater', 'heightened', 'high', 'low', 'lower', 'reduced']);
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'remain', 'remains']);
const RELATIVE = new Set(['who', 'which', 'that']);

/**
 * `are at (an) increased risk of`, unless a relative pronoun opens it (`…, who are at increased risk of`): found
 * by reading the words before each `risk of`, which stays linear however the text is built.
 */
function atRiskGroups(text: string): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  for (const m of text.matchAll(RISK_OF)) {
    const words = text.slice(Math.max(0, m.index - 80), m.index).toLowerCase().split(/\s+/).filter((w) => w !== '');
    if (!RAISED.has(words.at(-1) ?? '')) continue;
    // `at`, then an optional article and one intensifier (`significantly`), then the raised word.
    const at = words.lastIndexOf('at');
    if (at < 1 || words.length - 1 - at > 3 || !BE.has(words[at - 1]!)) continue;
    if (RELATIVE.has(words[at - 2] ?? '')) continue;
    const found = text.toLowerCase().lastIndexOf(words[at - 1]!, m.index);
    const start = found >= 0 ? found : m.index;
    out.push({ index: start, length: m.index + m[0].length - start });
  }
  return out;
}

/** `are mixed`, `remain conflicting`: said of findings named before it in the sentence. */
const MIXED = /\b(?:is|are|was|were|remains?|has\s+been|have\s+been)\s+(?:(?:still|largely|so\s+far|generally|somewhat)\s+)?(?:mixed|conflicting|inconsistent|inconclusive|contradictory|equivocal)\b/gi;
const FINDINGS_NOUN = /\b(?:results?|findings?|evidence|data|studies|trials|outcomes|reports)\b/i;

function mixedFindings(text: string): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  for (const m of text.matchAll(MIXED)) if (FINDINGS_NOUN.test(text.slice(0, m.index))) out.push({ index: m.index, length: m[0].length });
  return out;
}

const OF_QUALITY = /\b(?:is|are|was|were)\s+of\s+(?:low|poor|very\s+low|high|moderate)\s+quality\b/gi;

function researchQuality(text: string): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  for (const m of text.matchAll(OF_QUALITY)) if (FINDINGS_NOUN.test(text.slice(0, m.index))) out.push({ index: m.index, length: m[0].length });
  return out;
}

const RISES = /\b(?:increases|rises|is\s+increased|is\s+higher|is\s+greater)\s+(?:with|in)\b/gi;

/** `risk … increases with`: `risk` within a few words before a verb of rising. */
function risingRisk(text: string): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  for (const m of text.matchAll(RISES)) if (/\brisks?\b/i.test(text.slice(Math.max(0, m.index - 40), m.index))) out.push({ index: m.index, length: m[0].length });
  return out;
}

// Present tense only: a general claim. A past result (`infusions reduced pain`) counts only in a paragraph that cites.
const EFFECT_VERB = /\b(?:reduces|reduce|cuts|cut|lowers|lower|improves|improve|decreases|decrease|halves|halve)\b/gi;
const OUTCOME_NOUN = /^(?:risk|risks|rates?|frequency|severity|deaths|mortality|pain|symptoms|flares|likelihood|incidence|use|admissions|hospitali[sz]ations|recurrence|relapses?|attacks|disability)$/i;
/** Before the verb, what makes it no claim: the passive (`was reduced`), a hedge, a purpose, a relative clause. */
const NOT_AN_EFFECT_BEFORE = /\b(?:was|were|be|been|being|is|are|may|might|could|can|would|should|to|which|that|who|not|you|we)\s+(?:\w+ly\s+)?$/i;

/** `naloxone reduces overdose deaths`: an effect verb with an outcome within its next four words. */
function outcomeEffects(text: string): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  for (const m of text.matchAll(EFFECT_VERB)) {
    if (m.index === 0 || NOT_AN_EFFECT_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index))) continue;
    // The object's head: up to four words, not past `of` (`reduces the hyperactivity of pain signals` is mechanism).
    const words = text.slice(m.index + m[0].length, m.index + m[0].length + 60).split(/\s+/).filter((w) => w !== '').slice(0, 4);
    const stop = words.findIndex((w) => /^(?:of|in|for|with|by|and|or|to)$/i.test(w) || /[,;]$/.test(w));
    const head = stop >= 0 ? words.slice(0, stop + (/[,;]$/.test(words[stop]!) ? 1 : 0)) : words;
    if (head.some((w) => OUTCOME_NOUN.test(w.replace(/[.,;:]$/, '')))) out.push({ index: m.index, length: m[0].length });
  }
  return out;
}

const LIKENESS = /\b(?:resembles?|resembled)\b|\b(?:similar|comparable|equivalent|equal|superior|inferior)\s+(?:in\s+)?(?:effectiveness|efficacy)\b/gi;
const IN_EFFECTIVENESS = /\bin\s+(?:effectiveness|efficacy)\b/i;

/** `X resembles Y in effectiveness`, `comparable in efficacy`: a verb of likeness with effectiveness after it. */
function effectivenessLikeness(text: string): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  for (const m of text.matchAll(LIKENESS)) {
    if (/effectiveness|efficacy/i.test(m[0])) out.push({ index: m.index, length: m[0].length });
    else if (IN_EFFECTIVENESS.test(text.slice(m.index + m[0].length, m.index + m[0].length + 80))) out.push({ index: m.index, length: m[0].length });
  }
  return out;
}

/** Who is said to be able to do something, when it is not a treatment: a relative clause, the reader, carers. */
const NOT_A_TREATMENT_BEFORE = /\b(?:which|that|who|you|we|one|doctors?|clinicians?|physicians?|nurses?|providers?|pharmacists?|patients|people|someone|anyone|everyone)\s+$/i;

/** `In 1989` (the mask blanks the year, so `In` then five spaces), then within eight words a finding verb. */
const IN_YEAR = /\b[Ii]n\s(?:(?:1[89]|20)\d\d|\s{4})(?!\w)/g;
const FINDING_VERB = /^(?:reported|found|showed|demonstrated|described|discovered|observed|established)$/;

function datedFindings(text: string): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  for (const m of text.matchAll(IN_YEAR)) {
    const from = m.index + m[0].length;
    const words = text.slice(from, from + 120).split(/[\s,]+/);
    let length = m[0].length;
    let rest = text.slice(from);
    for (const word of words.slice(0, 9)) {
      const at = rest.indexOf(word);
      if (word === '') continue;
      length += at + word.length;
      rest = rest.slice(at + word.length);
      if (FINDING_VERB.test(word)) {
        out.push({ index: m.index, length });
        break;
      }
    }
  }
  return out;
}

const RESEARCH_WORD =
  /\b(?:studies|study|research|trials?|surveys?|meta-analys[ie]s|systematic\s+reviews?|data|evidence|researchers|scientists|investigators|experiments?|analyses|statistics|reports?|findings)\b/gi;
const REPORTING_VERBS = new Set(
  'show shows showed shown found find finds suggest suggests suggested indicate indicates indicated demonstrate demonstrates demonstrated report reports reported reveal reveals revealed conclude concludes concluded confirm confirms confirmed highlight highlighted says estimate estimates estimated prove proves proved proven link links linked observed documented'.split(' '),
);
const LONGEST_VERB = Math.max(...[...REPORTING_VERBS].map((verb) => verb.length));

/**
 * `studies show`, `research in adults has found`: a research word, at most
 * twelve words, and a reporting verb, as the regular expression
 * `\b(?:studies|…)\b(?:\s+[\w’'-]+){0,12}?\s+(?:show|…)\b` matches, but
 * as a scan that reads each word once: linear by construction, where the
 * regex's nested word loop left the ReDoS check undecided.
 */
function researchSays(text: string): { index: number; length: number }[] {
  const found: { index: number; length: number }[] = [];
  RESEARCH_WORD.lastIndex = 0;
  for (let word = RESEARCH_WORD.exec(text); word !== null; word = RESEARCH_WORD.exec(text)) {
    const end = reportingVerbAfter(text, word.index + word[0].length);
    if (end < 0) {
      RESEARCH_WORD.lastIndex = word.index + 1;
      continue;
    }
    found.push({ index: word.index, length: end - word.index });
    RESEARCH_WORD.lastIndex = end;
  }
  return found;
}

/** Where the reporting verb ends that starts one of the thirteen words after `at`, or -1 if none does. */
function reportingVerbAfter(text: string, at: number): number {
  for (let words = 0; words <= 12; words++) {
    // White space, then a word of letters, digits, `_`, `’`, `'` and `-`.
    let start = at;
    while (start < text.length && isWhiteSpace(text.charCodeAt(start))) start++;
    let stop = start;
    while (stop < text.length && isWordChar(text.charCodeAt(stop))) stop++;
    if (start === at || stop === start) return -1;
    const verb = verbAtStart(text, start, stop);
    if (verb > 0) return start + verb;
    at = stop;
  }
  return -1;
}


/** `[\w’'-]`. */
function isWordChar(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 57) || code === 95 || code === 0x2019 || code === 39 || code === 45;
}

/** `[A-Za-z]`. */
function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * The length of the reporting verb the word `text[start, stop)` starts with,
 * followed by the word's end or by `’`, `'` or `-` (not by a letter, digit or
 * `_`); 0 if none. The verbs are letters only, so the one candidate is the
 * word's leading run of letters.
 */
function verbAtStart(text: string, start: number, stop: number): number {
  let letters = start;
  while (letters < stop && isLetter(text.charCodeAt(letters))) letters++;
  if (letters < stop) {
    const next = text.charCodeAt(letters);
    if ((next >= 48 && next <= 57) || next === 95) return 0;
  }
  if (letters - start > LONGEST_VERB) return 0;
  return REPORTING_VERBS.has(text.slice(start, letters).toLowerCase()) ? letters - start : 0;
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

/** Each match of the global `re` in `text`, as `text.matchAll(re)` gives them, without the copy of `re` that `matchAll` makes on every call. */
function eachMatch(re: RegExp, text: string, found: (match: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    found(m);
    if (m[0] === '') re.lastIndex++;
  }
}

/**
 * A mask's match as spaces, unless the number goes on after it (`$9` of `$9.9 billion`: the pattern backed off
 * the decimals to dodge its `billion` look-ahead), which leaves the whole amount for the count pattern.
 */
function blankUnlessCut(match: string, ...rest: unknown[]): string {
  const whole = rest[rest.length - 1] as string;
  const at = (rest[rest.length - 2] as number) + match.length;
  const next = whole.charCodeAt(at + 1);
  if ((whole[at] === '.' || whole[at] === ',') && next >= 48 && next <= 57) return match;
  return ' '.repeat(match.length);
}

function mask(text: string): string {
  // Every mask needs a digit.
  if (!/\d/.test(text) || !SOME_MASK.test(text)) return text;
  let out = text;
  for (const { re, needs } of MASKS) if (needs.test(out)) out = out.replace(re, blankUnlessCut);
  return out;
}

/**
 * A word every pattern above needs (at a word start) or a digit: a sentence
 * with none of them cannot match, so the 15 patterns and 8 masks are not
 * run on it. Most prose has none; this one test made the detector about
 * four times faster. A pattern added above needs its word here too.
 */
const TRIGGER = new RegExp(
  `\\d|\\b(?:${NUMBER_WORDS}|thousand|half|third|quarter|majority|doubl|tripl|halv|quadrupl|stud|research|trial|survey|meta|systematic|data|evidence|scientist|investigator|experiment|analys|statistic|report|finding|been|proven|poll|cohort|according|fda|food|average|mean|median|prevalence|incidence|rate|risk|odds|likelihood|mortality|remission|response|success|survival|effective|efficacious|proved|experts|authorities|specialists|researchers|authors)`,
  'i',
);

/** What the word lists' patterns need, for sentences the main trigger lets pass: cheap, and may pass more than they match. */
const EXTRA_TRIGGER = /\b(?:been|was|were|is|are|estimated|case|cases|most|can|could|respond\w*|resembl\w*|similar|comparable|helps?|alleviat\w*|ameliorat\w*|adverse|side|reduc\w*|cuts?|lower\w*|improv\w*|decreas\w*|halv\w*|millions|thousands|between|quality|leading|commonest|than|effective|efficacious|tolerated|outperform\w*|increasingly|recent|past|last|rise|rising|doubled|tripled|increased|increasing|growing|grown|declin\w*|continues?)\b|[¼½¾⅓⅔]/i;

/** A hedge just before a comparison: `may be`, `could be even`. */
const HEDGE_BEFORE = /\b(?:may|might|could|can|would)\s+(?:(?:be|prove|turn\s+out\s+to\s+be|even|also)\s+)*$/i;

/** Findings of an examination (`red flag findings that suggest`), not of research. */
const CLINICAL_BEFORE = /(?:red[- ]flag|clinical|physical|exam|examination|imaging|radiographic|radiological|laboratory|neurologic|neurological|ECG|MRI)$/i;
/** A report still to come (`results … being reported`, `trials will show`, `studies are needed to show`). */
const NOT_YET = /\b(?:being|be|will|would|to)\s+\S+\s*$/i;

/** Removes research signals that report no finding: examination findings, and results still to come. */
function dropNonFindings(sentence: string, signals: EvidenceSignal[]): void {
  for (let i = signals.length - 1; i >= 0; i--) {
    const s = signals[i]!;
    if (s.kind !== 'research') continue;
    const clinical = /^findings?\b/i.test(s.text) && CLINICAL_BEFORE.test(sentence.slice(0, s.start).trimEnd());
    const notYet = NOT_YET.test(sentence.slice(s.start, s.end));
    if (clinical || notYet) signals.splice(i, 1);
  }
}

/** Whether a sentence asserts evidence and so needs a citation, with the words that say so. */
export function assertsEvidence(sentence: string, options: AssertsEvidenceOptions = {}): EvidenceAssessment {
  const words = options.words ?? defaultEvidenceWords();
  const extra = compileEvidenceWords(words);
  const custom = words !== defaultEvidenceWords();
  if (!TRIGGER.test(sentence) && !custom && !options.paragraphCited && !EXTRA_TRIGGER.test(sentence)) return { asserts: false, signals: [] };
  const masked = mask(sentence);
  // The patterns' tests read what the patterns read: a blanked mask can be the white space a pattern needs.
  const lower = masked.toLowerCase();
  const advice = ADVICE_START.test(sentence);
  const signals: EvidenceSignal[] = [];
  const add = (kind: EvidenceSignalKind, start: number, end: number): void => {
    if (signals.some((s) => start < s.end && end > s.start)) return;
    signals.push({ kind, text: sentence.slice(start, end).trim(), start, end });
  };
  for (const { kind, re, numeric, needs } of PATTERNS) {
    if ((numeric && advice) || !needs(lower)) continue;
    if (re instanceof RegExp) eachMatch(re, masked, (m) => add(kind, m.index, m.index + m[0].length));
    else for (const m of re.matchIn(masked)) add(kind, m.index, m.index + m.length);
  }
  // The word lists' own patterns: research that `has established`, results `observed in`, `an estimated 40,000`.
  if (custom || /stud|research|trial|survey|analys|review|data|evidence|scientist|investigator|experiment|statistic|report|finding|literature/.test(lower)) eachMatch(extra.researchSays, masked, (m) => add('research', m.index, m.index + m[0].length));
  if (/been|was|were|is|are/.test(lower)) eachMatch(extra.passiveResult, masked, (m) => add('result', m.index, m.index + m[0].length));
  if (lower.includes('case')) eachMatch(extra.caseReports, masked, (m) => add('attribution', m.index, m.index + m[0].length));
  if (!advice && lower.includes('estimated')) eachMatch(extra.estimated, masked, (m) => add('count', m.index, m.index + m[0].length));
  if (!advice && custom) eachMatch(extra.people, masked, (m) => add('count', m.index, m.index + m[0].length));
  // Rankings, trends, how treatments compare, how much evidence there is, most of a group: findings without a figure.
  if (!advice) {
    if (/lead|most|common|frequent|major/.test(lower)) eachMatch(extra.ranking, masked, (m) => add('statistic', m.index, m.index + m[0].length));
    eachMatch(extra.trend, masked, (m) => add('statistic', m.index, m.index + m[0].length));
    // A hedged comparison (`may be more effective when combined`) is a possibility, not a finding.
    if (/effective|efficacious|tolerated|outperform|effects/.test(lower) || custom)
      eachMatch(extra.comparison, masked, (m) => {
        if (!HEDGE_BEFORE.test(masked.slice(Math.max(0, m.index - 40), m.index))) add('statistic', m.index, m.index + m[0].length);
      });
    if (lower.includes(' than ')) eachMatch(extra.groupComparison, masked, (m) => add('statistic', m.index, m.index + m[0].length));
    // What a treatment does, said flatly (`helps abort attacks`); not hedged (`may help ease`) or a purpose (`to help relieve`).
    if (/help|alleviat|ameliorat/.test(lower))
      eachMatch(extra.flatAbility, masked, (m) => {
        const before = masked.slice(Math.max(0, m.index - 40), m.index);
        if (!HEDGE_BEFORE.test(before) && !/\bto\s+$/i.test(before) && !NOT_A_TREATMENT_BEFORE.test(before)) add('result', m.index, m.index + m[0].length);
      });
    // What a treatment can do (`can relieve jaw pain`), not what a relative clause or the reader can, nor a line
    // that introduces a list (`ways it can improve your life:`), whose items say what it does.
    if (/\bcan\b/.test(lower) && !/:\s*$/.test(masked))
      eachMatch(extra.ability, masked, (m) => {
        if (!NOT_A_TREATMENT_BEFORE.test(masked.slice(Math.max(0, m.index - 24), m.index))) add('result', m.index, m.index + m[0].length);
      });
    if (/most|majority/.test(lower)) eachMatch(extra.majority, masked, (m) => add('statistic', m.index + (m[0].length - m[0].trimStart().length), m.index + m[0].length));
  }
  if (/evidence|data/.test(lower)) eachMatch(extra.evidenceAmount, masked, (m) => add('research', m.index, m.index + m[0].length));
  if (options.paragraphCited && !advice) eachMatch(extra.paragraphSignal, masked, (m) => add('statistic', m.index + (m[0].length - m[0].trimStart().length), m.index + m[0].length));
  signals.sort((a, b) => a.start - b.start);
  dropNonFindings(sentence, signals);
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

/** Each with a test of the lower-cased text that its matches pass, as `Pattern.needs`. */
const STRONG_PATTERNS: readonly { re: RegExp; needs: (lower: string) => boolean }[] = [
  {
    re: /\b(?:has|have|had)\s+been\s+(?:clinically\s+|scientifically\s+|repeatedly\s+|consistently\s+)?(?:shown|proven|proved|demonstrated|established)\b/gi,
    needs: (lower) => lower.includes('been'),
  },
  { re: /(?<!\bun|\bnot\s|\bnever\s|\bbeen\s)\b(?:clinically\s+|scientifically\s+)?proven\b/gi, needs: (lower) => lower.includes('proven') },
  {
    re: /\b(?:studies|research|evidence|trials|science|data)\s+(?:clearly\s+|consistently\s+)?(?:show|shows|proves?|demonstrates?|confirms?)\b/gi,
    needs: (lower) => /show|prove|demonstrate|confirm/.test(lower),
  },
  {
    re: /\b(?:is|are|was|were)\s+(?:(?:very|highly|extremely|clinically|remarkably|particularly|especially|exceptionally)\s+)?(?:effective|efficacious)\b/gi,
    needs: (lower) => lower.includes('effective') || lower.includes('efficacious'),
  },
  {
    re: /\b(?:an?|the|most|highly|very)\s+(?:(?:most|highly|very)\s+)?effective\s+(?:treatment|therapy|pain\s+reliever|option|way|drug|medication|intervention|remedy|approach|method)\b/gi,
    needs: (lower) => lower.includes('effective'),
  },
  { re: /\bwell[- ]established\b/gi, needs: (lower) => lower.includes('established') },
];

/** Strong claims of efficacy or proof; hedged forms ("may be effective") do not count. */
export function strongWording(text: string): StrongWordingMatch[] {
  const lower = text.toLowerCase();
  const found: StrongWordingMatch[] = [];
  for (const { re, needs } of STRONG_PATTERNS) {
    if (!needs(lower)) continue;
    eachMatch(re, text, (m) => {
      const start = m.index;
      const end = start + m[0].length;
      if (!found.some((f) => start < f.end && end > f.start)) found.push({ phrase: m[0], start, end });
    });
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
