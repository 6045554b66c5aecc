/**
 * citemark's own labelled reference strings, in the layouts health articles
 * print (Vancouver/NLM with PMIDs, AMA, APA, Harvard, Nature, IEEE, Chicago,
 * BMC's `Family A: Title.`, web pages with `Accessed` and `[cited]`, books,
 * chapters, reports). They are made up, from word lists, by a seeded
 * generator: every name, title and identifier below is invented, and the
 * same seed gives the same strings.
 */
import type { ReferenceLabel } from '../fields.js';
import type { LabelledString } from './data.js';
import { seededRandom } from './perceptron.js';

export const FAMILIES = [
  'Smith', 'Okafor', 'Nguyen', 'García-López', 'van der Berg', 'McAllister', "O'Neill", 'Kowalczyk', 'Haddad', 'Lindqvist',
  'Rossi', 'Tanaka', 'Chen', 'Müller', 'Dubois', 'Silva', 'Ivanova', 'Patel', 'Mensah', 'de Vries', 'Al-Farsi', 'Johansson',
  'Novak', 'Kim', 'Park', 'Fernández', 'Schmidt', 'Bianchi', 'Kaur', 'Adeyemi', 'Hughes', 'Brennan', 'Moreau', 'Costa',
  'Yilmaz', 'Petrov', 'Larsen', 'Wong', 'Abdullah', 'Papadopoulos', 'Nakamura', 'Okonkwo', 'Dahl', 'Ferreira', 'Kovács',
  'Horvath', 'Walsh', 'Zhang', 'Li', 'Wang', 'Liu', 'Singh', 'Cohen', 'Levi', 'MacDonald', 'St Clair', 'Van Zuilen', 'Da Silva',
  'Eriksson', 'Baker', 'Reyes', 'Morales', 'Jiménez', 'Schouenborg', 'Whitfield', 'Ashworth', 'Lambert', 'Fournier', 'Kruger',
];
export const GIVENS = [
  'Anna', 'Marcus', 'Yuki', 'Olusegun', 'Priya', 'Lars', 'Chiara', 'Mei', 'Tomás', 'Fatima', 'Jonas', 'Sophie', 'Ravi', 'Elena',
  'Kwame', 'Ingrid', 'Hiroshi', 'Amara', 'Luca', 'Zainab', 'Pieter', 'Noor', 'Dmitri', 'Grace', 'Mateo', 'Hana', 'Samuel',
  'Leila', 'Oscar', 'Aisha', 'Jean-Paul', 'Mary Ellen', 'Sven', 'Camille', 'Ahmed', 'Rosa', 'Felix', 'Ines', 'Tariq', 'Joy',
];
export const ORGS = [
  'World Health Organization', 'National Institute for Health and Care Excellence', 'Centers for Disease Control and Prevention',
  'American Pain Society', 'International Association for the Study of Pain', 'Royal College of Anaesthetists',
  'Australian Institute of Health and Welfare', 'European Medicines Agency', 'U.S. Food and Drug Administration',
  'National Institute of Neurological Disorders and Stroke', 'Mayo Clinic', 'Cleveland Clinic', 'NHS England',
  'Faculty of Pain Medicine', 'American Society of Regional Anesthesia and Pain Medicine', 'Public Health England',
  'Canadian Agency for Drugs and Technologies in Health', 'Agency for Healthcare Research and Quality', 'Arthritis Foundation',
];
const ORG_SHORT: Record<string, string> = {
  'World Health Organization': 'WHO', 'National Institute for Health and Care Excellence': 'NICE',
  'Centers for Disease Control and Prevention': 'CDC', 'U.S. Food and Drug Administration': 'FDA',
  'National Institute of Neurological Disorders and Stroke': 'NINDS', 'Agency for Healthcare Research and Quality': 'AHRQ',
};
const JOURNALS: [string, string][] = [
  ['Pain', 'Pain'], ['The Lancet', 'Lancet'], ['British Medical Journal', 'BMJ'], ['JAMA', 'JAMA'],
  ['The Journal of Pain', 'J Pain'], ['Pain Medicine', 'Pain Med'], ['Anesthesia and Analgesia', 'Anesth Analg'],
  ['British Journal of Anaesthesia', 'Br J Anaesth'], ['Regional Anesthesia and Pain Medicine', 'Reg Anesth Pain Med'],
  ['Journal of Clinical Psychiatry', 'J Clin Psychiatry'], ['Biological Psychiatry', 'Biol Psychiatry'],
  ['New England Journal of Medicine', 'N Engl J Med'], ['Cochrane Database of Systematic Reviews', 'Cochrane Database Syst Rev'],
  ['European Journal of Pain', 'Eur J Pain'], ['Clinical Journal of Pain', 'Clin J Pain'], ['Headache', 'Headache'],
  ['Current Pain and Headache Reports', 'Curr Pain Headache Rep'], ['PLoS ONE', 'PLoS One'], ['Frontiers in Neurology', 'Front Neurol'],
  ['Journal of Affective Disorders', 'J Affect Disord'], ['American Journal of Psychiatry', 'Am J Psychiatry'],
  ['Neuropsychopharmacology', 'Neuropsychopharmacology'], ['BMC Musculoskeletal Disorders', 'BMC Musculoskelet Disord'],
  ['Journal of Pain Research', 'J Pain Res'], ['Annals of Internal Medicine', 'Ann Intern Med'], ['Nature Medicine', 'Nat Med'],
  ['Physical Therapy', 'Phys Ther'], ['Arthritis Care & Research', 'Arthritis Care Res (Hoboken)'], ['Medicine', 'Medicine (Baltimore)'],
  ['Journal of Neuroscience', 'J Neurosci'], ['Neurology', 'Neurology'], ['Spine', 'Spine (Phila Pa 1976)'],
  ['Scandinavian Journal of Pain', 'Scand J Pain'], ['Journal of Psychosomatic Research', 'J Psychosom Res'],
  ['Expert Review of Clinical Pharmacology', 'Expert Rev Clin Pharmacol'], ['Pain Practice', 'Pain Pract'],
  ['Journal of Palliative Medicine', 'J Palliat Med'], ['Archives of Physical Medicine and Rehabilitation', 'Arch Phys Med Rehabil'],
  ['International Journal of Nursing Studies', 'Int J Nurs Stud'], ['Journal of Medical Internet Research', 'J Med Internet Res'],
];
/** Journals of other fields, for the layouts every field shares (the parser reads reference lists of any article). */
export const OTHER_JOURNALS: [string, string][] = [
  ['Physical Review Letters', 'Phys Rev Lett'], ['Journal of the American Chemical Society', 'J Am Chem Soc'],
  ['IEEE Transactions on Signal Processing', 'IEEE Trans Signal Process'], ['Annual Review of Psychology', 'Annu Rev Psychol'],
  ['Chemical Reviews', 'Chem Rev'], ['Journal of Applied Physics', 'J Appl Phys'], ['Behavior Research Methods', 'Behav Res Methods'],
  ['Journal of Personality and Social Psychology', 'J Pers Soc Psychol'], ['American Economic Review', 'Am Econ Rev'],
  ['Journal of the History of Ideas', 'J Hist Ideas'], ['Geophysical Research Letters', 'Geophys Res Lett'], ['Ecology Letters', 'Ecol Lett'],
  ['Water Research', 'Water Res'], ['Computational Linguistics', 'Comput Linguist'], ['Machine Learning', 'Mach Learn'],
  ['Organic Letters', 'Org Lett'], ['Journal of Experimental Biology', 'J Exp Biol'], ['Applied Energy', 'Appl Energy'],
  ['International Journal of Remote Sensing', 'Int J Remote Sens'], ['Quarterly Journal of Economics', 'Q J Econ'],
];
export const TOPICS = [
  'thin films', 'deep neural networks', 'soil microbial communities', 'monetary policy', 'graphene oxide', 'urban heat islands',
  'working memory', 'protein folding', 'coral reefs', 'speech recognition', 'medieval trade networks', 'lithium-ion batteries',
  'social media use', 'gene regulatory networks', 'river sediment transport', 'quantum dots', 'early modern print culture',
];
const METHODS = [
  'a Bayesian approach', 'a field experiment', 'first-principles calculations', 'a comparative analysis', 'a longitudinal study',
  'evidence from panel data', 'a simulation study', 'a new dataset', 'an archival study', 'a convolutional architecture',
];

/** `Br J Anaesth` → `Br. J. Anaesth.`: the shortened words of a Vancouver abbreviation take a full stop (ISO 4). */
export function dottedAbbreviation(full: string, abbr: string): string {
  const words = new Set(full.toLowerCase().split(/[\s&,:]+/));
  return abbr
    .split(' ')
    .map((w) => (/^[A-Z][a-z]+$/.test(w) && !words.has(w.toLowerCase()) ? `${w}.` : w === 'J' ? 'J.' : w))
    .join(' ');
}

const NATURE_ABBR: Record<string, string> = {
  'Journal of Neuroscience': 'J. Neurosci.', 'Nature Medicine': 'Nat. Med.', 'Biological Psychiatry': 'Biol. Psychiatry',
  'New England Journal of Medicine': 'N. Engl. J. Med.', 'The Journal of Pain': 'J. Pain', 'British Journal of Anaesthesia': 'Br. J. Anaesth.',
  'Journal of Affective Disorders': 'J. Affect. Disord.', 'American Journal of Psychiatry': 'Am. J. Psychiatry',
  'European Journal of Pain': 'Eur. J. Pain', 'Frontiers in Neurology': 'Front. Neurol.', 'Pain Medicine': 'Pain Med.',
};
const INTERVENTIONS = [
  'ketamine infusion', 'low-dose naltrexone', 'spinal cord stimulation', 'cognitive behavioural therapy', 'mindfulness-based stress reduction',
  'acupuncture', 'platelet-rich plasma', 'epidural steroid injection', 'gabapentin', 'duloxetine', 'physiotherapy', 'virtual reality',
  'pulsed radiofrequency', 'esketamine nasal spray', 'buprenorphine', 'lidocaine patches', 'yoga', 'graded motor imagery',
  'transcranial magnetic stimulation', 'opioid tapering', 'nerve blocks', 'exercise therapy', 'topical capsaicin', 'cannabinoids',
];
const CONDITIONS = [
  'chronic low back pain', 'fibromyalgia', 'complex regional pain syndrome', 'neuropathic pain', 'migraine', 'knee osteoarthritis',
  'treatment-resistant depression', 'phantom limb pain', 'postoperative pain', 'cancer pain', 'diabetic neuropathy',
  'chronic pelvic pain', 'postherpetic neuralgia', 'chronic neck pain', 'sickle cell disease', 'rheumatoid arthritis',
];
const POPULATIONS = ['adults', 'older adults', 'children and adolescents', 'veterans', 'primary care patients', 'women', 'inpatients', 'outpatients'];
const DESIGNS = [
  'a systematic review and meta-analysis', 'a randomized controlled trial', 'a cohort study', 'a narrative review',
  'a qualitative study', 'a pilot study', 'a network meta-analysis', 'a cross-sectional survey', 'an updated review', 'a case series',
];
export const PUBLISHERS = [
  ['Philadelphia', 'Elsevier'], ['London', 'Churchill Livingstone'], ['New York', 'McGraw-Hill'], ['Oxford', 'Oxford University Press'],
  ['Cham', 'Springer'], ['Baltimore', 'Lippincott Williams & Wilkins'], ['Hoboken (NJ)', 'Wiley-Blackwell'], ['Seattle', 'IASP Press'],
  ['Geneva', 'World Health Organization'], ['Treasure Island (FL)', 'StatPearls Publishing'], ['Cambridge', 'Cambridge University Press'],
  ['Washington, DC', 'American Psychiatric Publishing'], ['Thousand Oaks, CA', 'SAGE'], ['Abingdon', 'Routledge'],
] as const;
const SITES = ['www.health-example.org', 'pain-info.example.net', 'www.clinic-example.com', 'guidance.example.gov', 'www.example.nhs.uk'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const MONTHS_FULL = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export type Seg = { label: ReferenceLabel; text: string; glue?: boolean };

export class Maker {
  constructor(private readonly random: () => number) {}
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  year(): number {
    return this.int(1965, 2025);
  }
  people(): { family: string; given: string; second?: string }[] {
    const n = this.chance(0.15) ? 1 : this.int(2, this.chance(0.3) ? 9 : 4);
    return Array.from({ length: n }, () => {
      const given = this.pick(GIVENS);
      return { family: this.pick(FAMILIES), given, ...(this.chance(0.4) ? { second: this.pick(GIVENS) } : {}) };
    });
  }
  title(): string {
    const i = this.pick(INTERVENTIONS);
    const c = this.pick(CONDITIONS);
    const forms = [
      () => `${cap(i)} for ${c} in ${this.pick(POPULATIONS)}: ${this.pick(DESIGNS)}`,
      () => `Efficacy and safety of ${i} in ${c}`,
      () => `${cap(c)}: an update`,
      () => `Long-term outcomes of ${i} for ${c}`,
      () => `${cap(i)} versus placebo for ${c}: ${this.pick(DESIGNS)}`,
      () => `The role of ${i} in the management of ${c}`,
      () => `Is ${i} effective for ${c}? ${cap(this.pick(DESIGNS))}`,
      () => `Predictors of response to ${i} among ${this.pick(POPULATIONS)} with ${c}`,
      () => `${cap(c)} and ${i}: what the evidence shows`,
      () => `Mechanisms of ${c}`,
      () => `${cap(i.split(' ')[0] as string)}: ${this.pick(['mechanisms and clinical use', 'risks and benefits', `a review for ${this.pick(POPULATIONS)}`, 'an update', 'beyond the receptor'])}`,
      () => `Prevalence of ${c} among ${this.pick(POPULATIONS)} — ${this.pick(['United States', 'Europe', 'Australia', 'Canada'])}, ${this.int(1990, 2024)}`,
      () => `${cap(c)} in ${this.pick(POPULATIONS)}: results from the ${this.pick(['"PAIN-FREE"', 'HELP', 'national', 'REACH'])} ${this.pick(['trial', 'survey', 'registry'])}`,
      () => `Consensus guidelines on ${i} for ${c} from the ${this.pick(ORGS)}${this.chance(0.5) ? `, the ${this.pick(ORGS)},` : ''} and the ${this.pick(ORGS)}`,
      () => `Guideline for ${i} in ${c}${this.chance(0.5) ? `—${this.pick(['United States', 'United Kingdom'])}, ${this.int(2000, 2024)}` : ''}`,
    ];
    const title = this.pick(forms)();
    return this.chance(0.15) ? titleCase(title) : title;
  }
  /** A title from another field. */
  otherTitle(): string {
    const t = this.pick(TOPICS);
    const forms = [
      () => `${cap(t)}: ${this.pick(METHODS)}`,
      () => `On the dynamics of ${t}`,
      () => `Measuring ${t} with ${this.pick(METHODS).replace(/^an? /, '')}`,
      () => `Why ${t} matter${this.chance(0.5) ? '?' : ''}`,
      () => `${cap(t)} and ${this.pick(TOPICS)} revisited`,
    ];
    const title = this.pick(forms)();
    return this.chance(0.3) ? titleCase(title) : title;
  }
  doi(): string {
    const prefix = this.pick(['1016', '1097', '1111', '1007', '1136', '1001', '1371', '1093', '1186', '3389', '2147', '1177']);
    const suffix = this.pick([
      () => `j.pain.${this.year()}.${this.int(1, 12).toString().padStart(2, '0')}.${this.int(1, 99).toString().padStart(3, '0')}`,
      () => `s${this.int(10000, 99999)}-0${this.int(10, 99)}-0${this.int(1000, 9999)}-${this.int(1, 9)}`,
      () => `journal.pone.0${this.int(100000, 299999)}`,
      () => `bmj.${this.pick(['m', 'n', 'j'])}${this.int(100, 4999)}`,
      () => `j.${this.int(1500, 2600)}-${this.int(1000, 9999)}.${this.year()}.${this.int(100, 999)}.x`,
      () => `S${this.int(1000, 9999)}-${this.int(1000, 9999)}(${this.int(10, 24)})${this.int(10000, 99999)}-${this.int(0, 9)}`,
    ])();
    return `10.${prefix}/${suffix}`;
  }
  pages(full: boolean): string {
    if (this.chance(0.12)) return `e${this.int(1000, 99999)}`;
    const a = this.int(1, 2999);
    const b = a + this.int(2, 30);
    if (full) return `${a}-${b}`;
    const as = String(a);
    const bs = String(b);
    let k = 0;
    while (k < as.length - 1 && as[k] === bs[k]) k += 1;
    return `${a}-${bs.slice(k)}`;
  }
  url(): string {
    return `https://${this.pick(SITES)}/${this.pick(['pain', 'conditions', 'guidance', 'news', 'health-topics'])}/${this.pick(CONDITIONS).replace(/\s+/g, '-')}${this.chance(0.3) ? `-${this.int(1, 999)}` : ''}`;
  }
}

export function titleCase(s: string): string {
  return s.replace(/(^|[\s:—-])(\p{Ll})(\p{L}*)/gu, (all, sep: string, first: string, rest: string) =>
    /^(?:a|an|the|of|in|for|and|or|to|with|on|among|versus|from)$/.test(first + rest) && sep !== '' && sep !== ':' ? all : `${sep}${first.toUpperCase()}${rest}`,
  );
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
export const initials = (p: { given: string; second?: string }) =>
  [p.given, p.second].filter(Boolean).map((g) => (g as string).split(/[\s-]/).map((x) => x[0]).join('')).join('');
export const dotted = (p: { given: string; second?: string }) =>
  [p.given, p.second].filter(Boolean).map((g) => (g as string).split(/\s/).map((x) => (x.includes('-') ? x.split('-').map((y) => `${y[0]}.`).join('-') : `${x[0]}.`)).join(' ')).join(' ');

function vancouverAuthors(m: Maker, people: ReturnType<Maker['people']>): string {
  const shown = people.length > 6 ? people.slice(0, m.chance(0.5) ? 6 : 3) : people;
  const list = shown.map((p) => `${p.family} ${initials(p)}`).join(', ');
  return people.length > shown.length ? `${list}, et al.` : `${list}.`;
}

function apaAuthors(people: ReturnType<Maker['people']>): string {
  const names = people.map((p) => `${p.family}, ${dotted(p)}`);
  if (names.length === 1) return names[0] as string;
  return `${names.slice(0, -1).join(', ')}, & ${names.at(-1)}`;
}

function vancouver(m: Maker, ama: boolean): Seg[] {
  const [full, abbr] = m.pick(JOURNALS);
  void full;
  const y = m.year();
  const segs: Seg[] = [];
  if (m.chance(0.35)) segs.push({ label: 'citation-number', text: m.pick([`${m.int(1, 80)}.`, `[${m.int(1, 80)}]`, `${m.int(1, 80)}`]) });
  const authors = m.people();
  const colon = !ama && m.chance(0.12);
  const authorText = m.chance(0.1) ? `${m.pick(ORGS)}.` : vancouverAuthors(m, authors);
  segs.push({ label: 'author', text: colon ? `${authorText.replace(/\.$/, '')}:` : authorText });
  segs.push({ label: 'title', text: `${m.title()}${m.chance(0.5) ? '' : ''}.` });
  const internet = !ama && m.chance(0.08);
  if (colon) {
    // BMC: `J Abbr 2019, 12(3):45-56.`
    segs.push({ label: 'journal', text: abbr }, { label: 'date', text: `${y},` }, { label: 'volume', text: `${m.int(1, 99)}` });
    if (m.chance(0.6)) segs.push({ label: 'issue', text: `(${m.int(1, 12)}):`, glue: true });
    else segs[segs.length - 1]!.text += ':';
    segs.push({ label: 'pages', text: `${m.pages(false)}.`, glue: true });
    return segs;
  }
  segs.push({ label: 'journal', text: `${abbr}${internet ? ' [Internet]' : ''}.` });
  const month = m.chance(0.5) ? ` ${m.pick(MONTHS)}${m.chance(0.3) ? ` ${m.int(1, 28)}` : ''}` : '';
  const cited = internet ? ` [cited ${m.int(2020, 2025)} ${m.pick(MONTHS)} ${m.int(1, 28)}]` : '';
  if (internet) segs.push({ label: 'date', text: `${y}${month}` }, { label: 'note', text: `${cited.trim()};` });
  else segs.push({ label: 'date', text: `${y}${month};` });
  const volume = m.int(1, 400);
  const hasIssue = m.chance(0.75);
  segs.push({ label: 'volume', text: hasIssue ? `${volume}` : `${volume}:`, glue: true });
  if (hasIssue) segs.push({ label: 'issue', text: `(${m.chance(0.1) ? `Suppl ${m.int(1, 3)}` : m.int(1, 24)}):`, glue: true });
  segs.push({ label: 'pages', text: `${m.pages(ama)}.`, glue: true });
  if (!ama && m.chance(0.15)) segs.push({ label: 'note', text: `Epub ${y} ${m.pick(MONTHS)} ${m.int(1, 28)}.` });
  if (m.chance(0.55)) {
    const d = m.doi();
    if (ama) segs.push({ label: 'doi', text: m.chance(0.8) ? `doi:${d}` : `https://doi.org/${d}` });
    else segs.push({ label: 'note', text: 'doi:' }, { label: 'doi', text: `${d}.` });
  }
  if (!ama && m.chance(0.35)) {
    segs.push({ label: 'note', text: `PMID: ${m.int(10000000, 39999999)}${m.chance(0.3) ? `; PMCID: PMC${m.int(1000000, 9999999)}` : ''}.` });
  }
  if (internet) segs.push({ label: 'note', text: 'Available from:' }, { label: 'url', text: m.url() });
  return segs;
}

function apa(m: Maker, harvard: boolean): Seg[] {
  const [journal] = m.pick(JOURNALS);
  const people = m.people();
  const y = m.year();
  const segs: Seg[] = [];
  const authors = m.chance(0.08) ? `${m.pick(ORGS)}.` : harvard && m.chance(0.5) ? apaAuthors(people).replace(/, & /, ' and ').replace(/\. /g, '.') : apaAuthors(people);
  segs.push({ label: 'author', text: authors });
  segs.push({ label: 'date', text: harvard && m.chance(0.5) ? `(${y})` : `(${y}).` });
  const title = m.title();
  segs.push({ label: 'title', text: harvard && m.chance(0.5) ? `'${title}',` : `${title}.` });
  const volume = m.int(1, 120);
  const issue = m.chance(0.7) ? `(${m.int(1, 12)})` : '';
  segs.push({ label: 'journal', text: `${journal},` });
  if (issue) segs.push({ label: 'volume', text: `${volume}` }, { label: 'issue', text: `${issue},`, glue: true });
  else segs.push({ label: 'volume', text: `${volume},` });
  segs.push({ label: 'pages', text: `${harvard && m.chance(0.5) ? 'pp. ' : ''}${m.pages(true).replace('-', '–')}.` });
  if (m.chance(0.6)) segs.push({ label: 'doi', text: m.chance(0.7) ? `https://doi.org/${m.doi()}` : `doi:${m.doi()}` });
  return segs;
}

/** Author–year with an abbreviated journal and a bare locator (Frontiers, Cell Press, many Elsevier journals): `Family, A. B., and Family, C. D. (2013). Title. J. Abbr. 37, 61–102. doi: 10.…` */
function authorYearAbbreviated(m: Maker): Seg[] {
  const other = m.chance(0.4);
  const [journal, abbr] = m.pick(other ? OTHER_JOURNALS : JOURNALS);
  const people = m.people();
  const frontiers = m.chance(0.5);
  const names = people.map((p) => `${p.family}, ${frontiers ? dotted(p) : dotted(p).replace(/\. /g, '.')}`);
  const authors =
    names.length === 1 ? names[0] : names.length > 6 && m.chance(0.5) ? `${names.slice(0, 5).join(', ')}, et al.` : `${names.slice(0, -1).join(', ')}, and ${names.at(-1)}`;
  const segs: Seg[] = [
    { label: 'author', text: authors as string },
    { label: 'date', text: `(${m.year()}${m.chance(0.1) ? m.pick(['a', 'b']) : ''}).` },
    { label: 'title', text: `${other ? m.otherTitle() : m.title()}${m.chance(0.1) ? '?' : '.'}` },
    { label: 'journal', text: dottedAbbreviation(journal, abbr) },
  ];
  const volume = m.int(1, 400);
  if (m.chance(0.3)) {
    // `Front. Psychol. 5:765.` — an article number after a colon.
    segs.push({ label: 'volume', text: `${volume}:` }, { label: 'pages', text: `${m.chance(0.3) ? 'e' : ''}${m.int(1, 99999)}.`, glue: true });
  } else {
    segs.push({ label: 'volume', text: `${volume},` }, { label: 'pages', text: `${m.pages(true).replace('-', m.pick(['-', '–']))}.` });
  }
  if (m.chance(0.6)) segs.push({ label: 'doi', text: `${m.pick(['doi: ', 'doi:', 'https://doi.org/'])}${m.doi()}` });
  return segs;
}

function nature(m: Maker): Seg[] {
  const other = m.chance(0.3);
  const [journal, abbr] = m.pick(other ? OTHER_JOURNALS : JOURNALS);
  const people = m.people();
  const names = people.map((p) => `${p.family}, ${dotted(p)}`);
  const authors = people.length > 5 ? `${names[0]} et al.` : names.length === 1 ? `${names[0]}` : `${names.slice(0, -1).join(', ')} & ${names.at(-1)}`;
  const a = m.int(1, 2999);
  return [
    ...(m.chance(0.5) ? [{ label: 'citation-number' as const, text: `${m.int(1, 80)}.` }] : []),
    { label: 'author', text: authors },
    { label: 'title', text: `${other ? m.otherTitle() : m.title()}.` },
    { label: 'journal', text: NATURE_ABBR[journal] ?? (m.chance(0.7) ? dottedAbbreviation(journal, abbr) : abbr) },
    { label: 'volume', text: `${m.int(1, 600)},` },
    { label: 'pages', text: `${a}–${a + m.int(2, 20)}` },
    { label: 'date', text: `(${m.year()}).` },
  ];
}

function ieee(m: Maker): Seg[] {
  const other = m.chance(0.3);
  const [journal, abbr] = m.pick(other ? OTHER_JOURNALS : JOURNALS);
  const people = m.people();
  const names = people.map((p) => `${dotted(p)} ${p.family}`);
  const authors = names.length > 6 ? `${names[0]} et al.,` : names.length === 1 ? `${names[0]},` : names.length === 2 ? `${names[0]} and ${names[1]},` : `${names.slice(0, -1).join(', ')}, and ${names.at(-1)},`;
  const segs: Seg[] = [
    { label: 'citation-number', text: `[${m.int(1, 80)}]` },
    { label: 'author', text: authors },
    { label: 'title', text: `“${other ? m.otherTitle() : m.title()},”` },
    { label: 'journal', text: `${NATURE_ABBR[journal] ?? (m.chance(0.7) ? dottedAbbreviation(journal, abbr) : abbr)},` },
    { label: 'volume', text: `vol. ${m.int(1, 80)},` },
  ];
  if (m.chance(0.7)) segs.push({ label: 'issue', text: `no. ${m.int(1, 12)},` });
  segs.push({ label: 'pages', text: `pp. ${m.pages(true).replace('-', '–')},` });
  segs.push({ label: 'date', text: `${m.chance(0.6) ? `${m.pick(MONTHS)}. ` : ''}${m.year()}${m.chance(0.4) ? ',' : '.'}` });
  if (segs.at(-1)?.text.endsWith(',')) segs.push({ label: 'note', text: 'doi:' }, { label: 'doi', text: `${m.doi()}.` });
  return segs;
}

function chicago(m: Maker): Seg[] {
  const [journal] = m.pick(JOURNALS);
  const people = m.people().slice(0, 4);
  const first = people[0] as { family: string; given: string; second?: string };
  const rest = people.slice(1).map((p) => `${p.given} ${p.family}`);
  const authors = rest.length === 0 ? `${first.family}, ${first.given}.` : `${first.family}, ${first.given}, ${rest.length > 1 ? `${rest.slice(0, -1).join(', ')}, ` : ''}and ${rest.at(-1)}.`;
  const segs: Seg[] = [
    { label: 'author', text: authors },
    { label: 'date', text: `${m.year()}.` },
    { label: 'title', text: `“${m.title()}.”` },
    { label: 'journal', text: journal },
    { label: 'volume', text: `${m.int(1, 99)}` },
    { label: 'issue', text: `(${m.int(1, 12)}):` },
    { label: 'pages', text: `${m.pages(false).replace('-', '–')}.` },
  ];
  if (m.chance(0.5)) segs.push({ label: 'doi', text: `https://doi.org/${m.doi()}.` });
  return segs;
}

function webVancouver(m: Maker): Seg[] {
  const org = m.pick(ORGS);
  const [place, publisher] = m.pick(PUBLISHERS);
  const segs: Seg[] = [
    ...(m.chance(0.3) ? [{ label: 'citation-number' as const, text: `${m.int(1, 80)}.` }] : []),
    { label: 'author', text: `${org}.` },
    { label: 'title', text: `${cap(m.pick(CONDITIONS))}${m.chance(0.5) ? ' fact sheet' : ''} [Internet].` },
    { label: 'location', text: `${m.chance(0.5) ? place : 'Bethesda (MD)'}:` },
    { label: 'publisher', text: `${m.chance(0.5) ? (ORG_SHORT[org] ?? org) : publisher};` },
  ];
  const y = m.year();
  if (m.chance(0.7)) segs.push({ label: 'date', text: `${y}${m.chance(0.4) ? ` ${m.pick(MONTHS)} ${m.int(1, 28)}` : ''}` });
  segs.push({ label: 'note', text: `[${m.chance(0.3) ? `updated ${y + 1} ${m.pick(MONTHS)} ${m.int(1, 28)}; ` : ''}cited ${m.int(2019, 2025)} ${m.pick(MONTHS)} ${m.int(1, 28)}].` });
  segs.push({ label: 'note', text: 'Available from:' }, { label: 'url', text: m.url() });
  return segs;
}

function webAma(m: Maker): Seg[] {
  const org = m.pick(ORGS);
  const y = m.year();
  const segs: Seg[] = [];
  if (m.chance(0.5)) segs.push({ label: 'author', text: vancouverAuthors(m, m.people().slice(0, 3)) });
  segs.push({ label: 'title', text: `${cap(m.pick(INTERVENTIONS))} for ${m.pick(CONDITIONS)}.` });
  segs.push({ label: 'container-title', text: `${org}.` });
  if (m.chance(0.75)) segs.push({ label: 'date', text: `${m.chance(0.3) ? 'Updated' : 'Published'} ${m.pick(MONTHS_FULL)} ${m.int(1, 28)}, ${y}.` });
  segs.push({ label: 'note', text: `Accessed ${m.pick(MONTHS_FULL)} ${m.chance(0.6) ? `${m.int(1, 28)}, ` : ''}${m.int(Math.max(y, 2010), 2025)}.` });
  segs.push({ label: 'url', text: m.url() });
  return segs;
}

function webApa(m: Maker): Seg[] {
  const org = m.pick(ORGS);
  const y = m.year();
  if (m.chance(0.4)) {
    // Harvard: `Org (n.d.) Title. Available at: URL (Accessed: 12 February 2024).`
    return [
      { label: 'author', text: org },
      { label: 'date', text: m.chance(0.5) ? '(n.d.)' : `(${y})` },
      { label: 'title', text: `${cap(m.pick(CONDITIONS))}${m.chance(0.5) ? ` and ${m.pick(INTERVENTIONS)}` : ''}${m.chance(0.3) ? ' [online]' : ''}.` },
      { label: 'note', text: 'Available at:' },
      { label: 'url', text: m.url() },
      { label: 'note', text: `(Accessed: ${m.int(1, 28)} ${m.pick(MONTHS_FULL)} ${m.int(2018, 2025)}).` },
    ];
  }
  const segs: Seg[] = [{ label: 'author', text: `${org}.` }];
  if (m.chance(0.3)) segs.push({ label: 'date', text: '(n.d.).' });
  else segs.push({ label: 'date', text: `(${y}${m.chance(0.6) ? `, ${m.pick(MONTHS_FULL)} ${m.int(1, 28)}` : ''}).` });
  segs.push({ label: 'title', text: `${cap(m.pick(CONDITIONS))}${m.chance(0.5) ? ` and ${m.pick(INTERVENTIONS)}` : ''}.` });
  if (m.chance(0.5)) segs.push({ label: 'container-title', text: `${ORG_SHORT[org] ?? org}.` });
  if (m.chance(0.4)) segs.push({ label: 'note', text: `Retrieved ${m.pick(MONTHS_FULL)} ${m.int(1, 28)}, ${m.int(2018, 2025)}, from` });
  segs.push({ label: 'url', text: m.url() });
  return segs;
}

function book(m: Maker): Seg[] {
  const [place, publisher] = m.pick(PUBLISHERS);
  const y = m.year();
  const people = m.people().slice(0, 3);
  const title = m.pick([`${cap(m.pick(CONDITIONS))}: diagnosis and management`, `Textbook of ${m.pick(['pain', 'pain medicine', 'palliative care', 'anaesthesia'])}`, `Clinical guide to ${m.pick(INTERVENTIONS)}`]);
  const ed = m.chance(0.4) ? m.pick(['2nd', '3rd', '4th', '5th', '7th']) : '';
  switch (m.int(0, 3)) {
    case 0:
      return [
        { label: 'author', text: vancouverAuthors(m, people) },
        { label: 'title', text: `${title}.` },
        ...(ed ? [{ label: 'edition' as const, text: `${ed} ed.` }] : []),
        { label: 'location', text: `${place}:` },
        { label: 'publisher', text: `${publisher};` },
        { label: 'date', text: `${y}.` },
      ];
    case 1:
      return [
        { label: 'author', text: apaAuthors(people) },
        { label: 'date', text: `(${y}).` },
        { label: 'title', text: ed ? title : `${title}.` },
        ...(ed ? [{ label: 'edition' as const, text: `(${ed} ed.).` }] : []),
        { label: 'publisher', text: `${publisher}.` },
      ];
    case 2: {
      // Vancouver chapter.
      const editors = m.people().slice(0, 2);
      const a = m.int(1, 900);
      return [
        { label: 'author', text: vancouverAuthors(m, people) },
        { label: 'title', text: `${m.title()}.` },
        { label: 'editor', text: `In: ${editors.map((p) => `${p.family} ${initials(p)}`).join(', ')}, editor${editors.length > 1 ? 's' : ''}.` },
        { label: 'container-title', text: `${title}.` },
        ...(ed ? [{ label: 'edition' as const, text: `${ed} ed.` }] : []),
        { label: 'location', text: `${place}:` },
        { label: 'publisher', text: `${publisher};` },
        { label: 'date', text: `${y}.` },
        { label: 'pages', text: `p. ${a}-${a + m.int(5, 30)}.` },
      ];
    }
    default: {
      // APA chapter.
      const editors = m.people().slice(0, 2);
      const a = m.int(1, 900);
      const names = editors.map((p) => `${dotted(p)} ${p.family}`);
      return [
        { label: 'author', text: apaAuthors(people) },
        { label: 'date', text: `(${y}).` },
        { label: 'title', text: `${m.title()}.` },
        { label: 'editor', text: `In ${names.join(' & ')} (Ed${names.length > 1 ? 's' : ''}.),` },
        { label: 'container-title', text: title },
        { label: 'pages', text: `(pp. ${a}–${a + m.int(5, 30)}).` },
        { label: 'publisher', text: `${publisher}.` },
      ];
    }
  }
}

function report(m: Maker): Seg[] {
  const org = m.pick(ORGS);
  const short = ORG_SHORT[org] ?? org;
  const [place] = m.pick(PUBLISHERS);
  const y = m.year();
  const title = `${cap(m.pick(CONDITIONS))}: ${m.pick(['assessment and management', 'clinical practice guideline', 'evidence review', 'recommendations for practice'])}`;
  if (m.chance(0.5)) {
    return [
      { label: 'author', text: `${org}.` },
      { label: 'title', text: `${title}.` },
      { label: 'genre', text: `${short} guideline ${m.chance(0.5) ? `[NG${m.int(10, 250)}]` : `NG${m.int(10, 250)}`}.` },
      { label: 'location', text: `${place}:` },
      { label: 'publisher', text: `${short};` },
      { label: 'date', text: `${y}.` },
    ];
  }
  return [
    { label: 'author', text: `${org}.` },
    { label: 'date', text: `(${y}).` },
    { label: 'title', text: `${title}` },
    { label: 'genre', text: `(Report No. ${m.int(1, 99)}-${m.int(100, 999)}).` },
    { label: 'publisher', text: `${short}.` },
    ...(m.chance(0.5) ? [{ label: 'url' as const, text: m.url() }] : []),
  ];
}

function pressRelease(m: Maker): Seg[] {
  const org = m.pick(ORGS);
  const [place] = m.pick(PUBLISHERS);
  const y = m.year();
  return [
    { label: 'author', text: `${org}.` },
    { label: 'title', text: `${cap(m.pick(INTERVENTIONS))} ${m.pick(['approved for', 'shows promise in', 'linked to relief of'])} ${m.pick(CONDITIONS)}` },
    { label: 'genre', text: `[${m.pick(['news release', 'press release'])}].` },
    { label: 'location', text: `${place}:` },
    { label: 'publisher', text: `${org};` },
    { label: 'date', text: `${y}.` },
    { label: 'note', text: 'Available from:' },
    { label: 'url', text: m.url() },
  ];
}

/** An organisation's page printed with no date: `Org. Title.` (sometimes with its address). */
function orgPage(m: Maker): Seg[] {
  const segs: Seg[] = [
    { label: 'author', text: `${m.pick(ORGS)}.` },
    { label: 'title', text: `${titleCase(m.pick([`${m.pick(INTERVENTIONS)} ${m.pick(['treatment considerations', 'for patients', 'information page', 'fact sheet', 'and you'])}`, m.pick(CONDITIONS), `what is ${m.pick(CONDITIONS)}?`]))}${m.chance(0.3) ? '' : '.'}` },
  ];
  if (m.chance(0.4)) segs.push({ label: 'url', text: m.url() });
  return segs;
}

/** Physics and chemistry lists print no article title: `A. B. Family and C. Family, Phys. Rev. Lett. 15, 538 (1965).` */
function untitled(m: Maker): Seg[] {
  const people = m.people().slice(0, 5);
  const and = m.pick([' and ', ' & ', ' et ']);
  const y = m.year();
  const [journal, abbr] = m.pick(JOURNALS);
  const container = NATURE_ABBR[journal] ?? m.pick([abbr, 'Phys. Rev. Lett.', 'J. Am. Chem. Soc.', 'Nucl. Phys. A', 'Tetrahedron Lett.', 'Angew. Chem.']);
  const upper = m.chance(0.2);
  const name = (p: { family: string; given: string; second?: string }) => `${dotted(p)} ${upper ? p.family.toUpperCase() : p.family}`;
  const names = people.map(name);
  const authors = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')}${and}${names.at(-1)}`;
  if (m.chance(0.3)) {
    // ACS: `Family, A. B.; Family, C. J. Am. Chem. Soc. 2019, 141, 1234–1240.`
    return [
      { label: 'author', text: `${people.map((p) => `${p.family}, ${dotted(p)}`).join('; ')}` },
      ...(m.chance(0.5) ? [{ label: 'title' as const, text: `${m.title()}.` }] : []),
      { label: 'journal', text: container },
      { label: 'date', text: `${y},` },
      { label: 'volume', text: `${m.int(1, 150)},` },
      { label: 'pages', text: `${m.pages(true).replace('-', '–')}.` },
    ];
  }
  return [
    ...(m.chance(0.3) ? [{ label: 'citation-number' as const, text: `[${m.int(1, 60)}]` }] : []),
    { label: 'author', text: `${authors}${m.chance(0.6) ? ',' : '.'}` },
    { label: 'journal', text: container },
    { label: 'volume', text: `${m.chance(0.2) ? 'A' : ''}${m.int(1, 600)},` },
    { label: 'pages', text: `${m.chance(0.7) ? m.int(1, 9999) : m.pages(true)}` },
    { label: 'date', text: `(${y})${m.pick(['.', ';', ''])}` },
  ];
}

const STYLES: [number, (m: Maker) => Seg[]][] = [
  [5, untitled],
  [3, orgPage],
  [20, (m) => vancouver(m, false)],
  [12, (m) => vancouver(m, true)],
  [12, (m) => apa(m, false)],
  [6, (m) => apa(m, true)],
  [7, nature],
  [7, authorYearAbbreviated],
  [6, ieee],
  [5, chicago],
  [6, webVancouver],
  [6, webAma],
  [5, webApa],
  [8, book],
  [4, report],
  [2, pressRelease],
];

/** `count` labelled strings from `seed`, each in a layout drawn from `styles` by weight, named `${name}#${seed}-${i}`. */
export function generatedStrings(styles: readonly [number, (m: Maker) => Seg[]][], count: number, seed: number, name: string): LabelledString[] {
  const m = new Maker(seededRandom(seed));
  const total = styles.reduce((s, [w]) => s + w, 0);
  const out: LabelledString[] = [];
  for (let i = 0; i < count; i += 1) {
    let r = m.int(0, total - 1);
    let make = styles[0]?.[1] as (m: Maker) => Seg[];
    for (const [w, f] of styles) {
      if (r < w) {
        make = f;
        break;
      }
      r -= w;
    }
    out.push({ segments: make(m), source: `${name}#${seed}-${i}` });
  }
  return out;
}

/** `count` labelled health-style strings from `seed`. */
export function healthStrings(count: number, seed: number): LabelledString[] {
  return generatedStrings(STYLES, count, seed, 'health');
}
