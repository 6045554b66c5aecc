/**
 * Tokens and features of a reference string, for the trained labeller
 * (`labeller.ts`). Training and parsing share this module, so a string is
 * cut and described the same way in both.
 *
 * Tokens are the white-space separated words of the string, further cut
 * where printed references run fields together without a space:
 * `2014;77(2):357-67` → `2014;` `77` `(2):` `357-67`; `Lancet.2021;` →
 * `Lancet.` `2021;`; `Smith,J.` → `Smith,` `J.`. URLs and DOIs stay whole.
 * Each token keeps its punctuation; features describe it (AnyStyle's parser
 * does the same: `inukshuk/anystyle lib/anystyle/feature/`).
 */
import organisationWords from '../bibliography/organisation-words.json' with { type: 'json' };

export interface Token {
  text: string;
  /** Offsets in the string the tokens were cut from. */
  start: number;
  end: number;
}

const URL_LIKE = /^(?:<?(?:https?:\/\/|www\.|doi:|ftp:\/\/)|10\.\d{4,9}\/)/i;

/** Where a white-space chunk is cut into tokens (offsets inside the chunk). */
function cutPoints(chunk: string): number[] {
  if (URL_LIKE.test(chunk) || /\.(?:com|org|gov|net|edu)\b/i.test(chunk) || chunk.includes('://')) return [];
  const cuts: number[] = [];
  for (let i = 1; i < chunk.length; i += 1) {
    const prev = chunk[i - 1] ?? '';
    const ch = chunk[i] ?? '';
    // `2014;77`, `(2):357`, `1994;(3)`
    if ((prev === ';' || prev === ':') && (/[\d(]/.test(ch) || /^(?:e|[A-Z]{1,2})\d/.test(chunk.slice(i)))) cuts.push(i);
    // `77(2)`, `Neurobiol(3)`
    else if (ch === '(' && /[\p{L}\p{N}]/u.test(prev) && /^\([\p{L}\p{N}\s–-]+\)/u.test(chunk.slice(i))) cuts.push(i);
    // `Lancet.2021`
    else if (prev === '.' && /\d/.test(ch) && /\p{L}{2}\.$/u.test(chunk.slice(0, i))) cuts.push(i);
    // `Smith,J.`, `2019,Mar`
    else if (prev === ',' && /\p{L}/u.test(ch)) cuts.push(i);
    // `Anesthesiology113`, `Science350` and `USA113` at the end of a chunk (text copied from a PDF)
    else if (/\d/.test(ch) && /\p{Ll}{4}$/u.test(chunk.slice(0, i)) && /^\d+(?:[(:,;.]|$)/.test(chunk.slice(i))) cuts.push(i);
    else if (/\d/.test(ch) && /(?:^|[^\p{L}])\p{Lu}{3,}$/u.test(chunk.slice(0, i)) && /^\d{2,}(?:[(:,;.]|$)/.test(chunk.slice(i))) cuts.push(i);
    // `Development,"SCRIPTA`: a title's closing quote run into the next field.
    else if (/\p{L}/u.test(ch) && /[,.;:?!]["”]$/u.test(chunk.slice(0, i))) cuts.push(i);
  }
  return cuts;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const chunk = m[0];
    let from = 0;
    for (const cut of [...cutPoints(chunk), chunk.length]) {
      if (cut > from) tokens.push({ text: chunk.slice(from, cut), start: m.index + from, end: m.index + cut });
      from = cut;
    }
  }
  return tokens;
}

/** How many kinds of gap `gapKindsOf` tells apart. */
export const GAP_KINDS = 4;

/**
 * The kind of gap before each token, which the labeller's transitions are split by: 0 after a word that runs on
 * (`Fermi arcs`, and before the first token), 1 after a comma, semicolon or colon, 2 after a full stop, closing
 * quote or bracket, 3 where a token was cut from the one before with no space (`2014;` `77`).
 */
export function gapKindsOf(tokens: readonly Token[]): number[] {
  return tokens.map((t, i) => {
    const prev = tokens[i - 1];
    if (!prev) return 0;
    if (prev.end === t.start) return 3;
    const last = prev.text.charAt(prev.text.length - 1);
    if (/[\p{L}\p{N}]/u.test(last)) return 0;
    return /[,;:]/.test(last) ? 1 : 2;
  });
}

// ───────────────────────────── lexicons ─────────────────────────────
// Small word lists: what a reader knows about reference lists without the list at hand.

const MONTHS = new Set([
  'jan', 'january', 'feb', 'february', 'mar', 'march', 'apr', 'april', 'may', 'jun', 'june', 'jul', 'july', 'aug', 'august',
  'sep', 'sept', 'september', 'oct', 'october', 'nov', 'november', 'dec', 'december', 'spring', 'summer', 'autumn', 'fall', 'winter',
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'januar', 'februar', 'märz', 'juni', 'juli', 'oktober', 'dezember',
]);
const PUBLISHER_WORDS = new Set([
  'press', 'publishing', 'publishers', 'publisher', 'publications', 'verlag', 'books', 'wiley', 'elsevier', 'springer', 'saunders',
  'lippincott', 'wolters', 'kluwer', 'mcgraw-hill', 'mcgraw', 'routledge', 'sage', 'thieme', 'karger', 'mosby', 'churchill',
  'livingstone', 'intechopen', 'blackwell', 'sons', 'academic', 'pearson', 'guilford', 'norton', 'penguin', 'harpercollins',
  'university', 'inc', 'inc.', 'ltd', 'llc', 'co', 'gmbh', 'statpearls', 'macmillan', 'palgrave', 'cengage', 'crc', 'ieee', 'acm',
  'taylor', 'francis', 'nature', 'oxford', 'cambridge', 'humana', 'dekker', 'hachette', 'gallimard', 'puf',
]);
const PLACE_WORDS = new Set([
  'london', 'new', 'york', 'oxford', 'cambridge', 'boston', 'philadelphia', 'chicago', 'paris', 'berlin', 'amsterdam', 'geneva',
  'washington', 'dc', 'baltimore', 'bethesda', 'md', 'ma', 'ny', 'ca', 'uk', 'usa', 'heidelberg', 'toronto', 'sydney', 'melbourne',
  'edinburgh', 'leipzig', 'munich', 'münchen', 'wien', 'vienna', 'madrid', 'rome', 'roma', 'milan', 'milano', 'tokyo', 'beijing',
  'singapore', 'dordrecht', 'basel', 'stuttgart', 'hoboken', 'nj', 'st.', 'louis', 'atlanta', 'treasure', 'island', 'fl',
  'princeton', 'berkeley', 'ithaca', 'stockholm', 'copenhagen', 'oslo', 'zurich', 'zürich', 'thousand', 'oaks', 'abingdon',
  'frankfurt', 'hamburg', 'lyon', 'montreal', 'ottawa', 'delhi', 'mumbai', 'rockville', 'silver', 'spring', 'alexandria', 'va',
  'il', 'tx', 'pa', 'wa', 'mi', 'oh', 'minneapolis', 'seattle', 'san', 'francisco', 'diego', 'los', 'angeles', 'durham', 'nc',
]);
const JOURNAL_WORDS = new Set([
  'j', 'journal', 'med', 'medicine', 'clin', 'clinical', 'am', 'american', 'int', 'international', 'rev', 'review', 'reviews',
  'res', 'research', 'sci', 'science', 'proc', 'proceedings', 'natl', 'acad', 'soc', 'society', 'ann', 'annals', 'arch',
  'archives', 'br', 'brit', 'british', 'eur', 'european', 'lett', 'letters', 'bull', 'bulletin', 'trans', 'transactions', 'q',
  'quarterly', 'curr', 'current', 'opin', 'anesth', 'anesthesiol', 'anaesth', 'psychiatry', 'psychol', 'neurol', 'neurosci',
  'pharmacol', 'ther', 'biol', 'chem', 'phys', 'rep', 'reports', 'pain', 'health', 'public', 'lancet', 'bmj', 'jama', 'plos',
  'one', 'nat', 'cell', 'cancer', 'surg', 'pediatr', 'obstet', 'gynecol', 'cardiol', 'epidemiol', 'nurs', 'rehabil', 'physiol',
  'immunol', 'genet', 'endocrinol', 'gastroenterol', 'oncol', 'dis', 'infect', 'intern', 'emerg', 'engl', 'educ', 'econ', 'stud',
  'studies', 'hist', 'philos', 'ling', 'comput', 'eng', 'engineering', 'syst', 'inf', 'manag', 'appl', 'math', 'stat', 'environ',
  'ecol', 'evol', 'mol', 'headache', 'neuropsychopharmacol', 'pharmacother', 'drug', 'drugs', 'care', 'crit', 'med.', 'j.',
  // More of the words journal titles are made of, whole and abbreviated (ISO 4 style), across fields.
  'acta', 'adv', 'advances', 'angew', 'annu', 'anal', 'analysis', 'assoc', 'astron', 'astrophys', 'behav', 'biochem', 'bioinformatics',
  'biomed', 'biophys', 'bot', 'cardiovasc', 'cereb', 'cogn', 'commun', 'communications', 'comp', 'conf', 'cortex', 'dermatol', 'dev',
  'diabetes', 'ecology', 'electron', 'endocr', 'entomol', 'environment', 'ergon', 'exp', 'experimental', 'fam', 'forum', 'front',
  'frontiers', 'gastroenterology', 'gen', 'geophys', 'geriatr', 'gerontol', 'glob', 'gynaecol', 'hematol', 'hepatol', 'hosp', 'hum',
  'hypertens', 'ind', 'inform', 'intell', 'invest', 'lab', 'lang', 'learn', 'linguist', 'mater', 'mech', 'methods', 'microbiol',
  'nanotechnol', 'natl', 'nephrol', 'netw', 'neurobiol', 'neurophysiol', 'neuropsychol', 'neurosurg', 'nutr', 'occup', 'ophthalmol',
  'opt', 'org', 'orthop', 'otolaryngol', 'paediatr', 'palliat', 'pathol', 'pediatrics', 'perspect', 'pharm', 'photon', 'polit',
  'polym', 'prev', 'proc.', 'prog', 'psychiatr', 'psychology', 'psychopharmacol', 'psychosom', 'radiol', 'reprod', 'resour',
  'respir', 'rheumatol', 'robot', 'sch', 'schizophr', 'semin', 'sleep', 'soc.', 'sociol', 'softw', 'sport', 'sports', 'surgery',
  'technol', 'theor', 'therapy', 'thorac', 'toxicol', 'transl', 'trends', 'trop', 'urol', 'vasc', 'vet', 'virol', 'vis', 'zool',
  'z', 'zeitschrift', 'revue', 'rivista', 'revista', 'nurse', 'nursing', 'usa', 'u.s.a', 'lett', 'mater', 'nano', 'catal', 'polym', 'ther.', 'sci.', 'rep.', 'neurosci.', 'psychol.', 'biol.',
]);
const ORGANISATION_WORDS = new Set([...organisationWords.organisation, ...organisationWords.referenceTokens]);
/** `Proceedings of the Twelfth Annual …`, `Third edition`. */
const ORDINAL_WORDS = new Set([
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth',
  'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'annual', 'biennial', 'revised',
]);
const NAME_PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'le', 'la', 'del', 'della', 'dos', 'das', 'ter', 'ten', 'bin', 'al', 'el', "d'"]);

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The word without surrounding punctuation. */
function core(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && !WORD_CHAR.test(text.charAt(start))) start += 1;
  while (end > start && !WORD_CHAR.test(text.charAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

/** Whether the run of non-word characters that ends `text` holds a closing quote (`Title,”` `Title.”`). */
function closesQuote(text: string, quotes = '”"»’'): boolean {
  for (let i = text.length - 1; i >= 0; i -= 1) {
    const ch = text.charAt(i);
    if (quotes.includes(ch)) return true;
    if (/\w/.test(ch)) return false;
  }
  return false;
}

function shape(word: string): string {
  // `Smith` → `Xx`, `J.` → `X.`, `2014;` → `d;`: runs of a kind collapse to one symbol.
  let out = '';
  for (const ch of word) {
    const s = /\p{Lu}/u.test(ch) ? 'X' : /\p{Ll}/u.test(ch) ? 'x' : /\d/.test(ch) ? 'd' : ch;
    if (!out.endsWith(s) || !/[Xxd]/.test(s)) out += s;
  }
  return out.length > 8 ? out.slice(0, 8) : out;
}

function numberKind(word: string): string | undefined {
  if (/^(?:1[5-9]|20)\d\d[a-z]?$/.test(word)) return 'year';
  if (/^\d+$/.test(word)) return word.length <= 2 ? 'num1-2' : word.length === 3 ? 'num3' : 'num4+';
  if (/^[A-Za-z]?\d+[A-Za-z]?[–—‐-][A-Za-z]?\d+[A-Za-z]?$/.test(word)) return 'range';
  if (/^\d+(?:st|nd|rd|th)$/i.test(word)) return 'ordinal';
  if (/^e\d{3,}$/.test(word)) return 'elocator';
  if (/^[ivxlcdm]+$/i.test(word) && word.length <= 5 && word !== 'mid' && word !== 'mix' && word !== 'dim') return 'roman';
  if (/\d/.test(word)) return 'hasdigit';
  return undefined;
}

interface TokenFacts {
  lower: string;
  core: string;
  shape: string;
  num: string | undefined;
  last: string;
  first: string;
}

function facts(token: string): TokenFacts {
  const c = core(token);
  return {
    lower: c.toLowerCase(),
    core: c,
    shape: shape(token),
    num: numberKind(c),
    last: token.at(-1) ?? '',
    first: token[0] ?? '',
  };
}

function wordClass(f: TokenFacts, raw: string): string {
  if (/^(?:https?:|www\.|<https?:)/i.test(raw)) return 'url';
  if (/^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/|10\.\d{4,9}\/)/i.test(raw)) return 'doi';
  if (f.num) return f.num;
  if (f.core === '') return 'punct';
  if (/^\p{Lu}$/u.test(f.core)) return 'initial';
  if (/^\p{Lu}\.(?:-?\p{Lu}\.)+$/u.test(raw.replace(/[,;:]$/, ''))) return 'initials';
  if (/^\p{Lu}{2,4}$/u.test(f.core) && /[,.]?$/.test(raw)) return 'caps-short';
  if (/^\p{Lu}+$/u.test(f.core)) return 'caps';
  if (/^\p{Lu}\p{Ll}/u.test(f.core)) return 'cap';
  if (/^\p{Ll}/u.test(f.core)) return 'lower';
  return 'other';
}

/**
 * The features of every token: the token itself, its neighbours, and what
 * came before it in the string (a year seen, a quote open, `In` seen).
 */
export function featuresOf(tokens: readonly Token[]): string[][] {
  const n = tokens.length;
  const all = tokens.map((t) => facts(t.text));
  const classes = all.map((f, i) => wordClass(f, tokens[i]?.text ?? ''));
  const out: string[][] = [];
  let yearSeen = false;
  let quoteOpen = false;
  let parenDepth = 0;
  let inSeen = false;
  let colonSeen = false;
  let stopsBefore = 0;
  let sinceStop = 0;
  // Sentence stops after each token: how many fields are still to come, roughly.
  // Initials end a sentence only where names stop: `Mennerick S. Ketamine:` but not `S. E. Han,`.
  const initialLike = (i: number) => ['initial', 'initials', 'caps-short'].includes(classes[i] ?? '');
  const isStop = tokens.map(
    (t, i) => /[.?!]["”’)]?$/.test(t.text) && (!initialLike(i) || (i + 1 < n && !initialLike(i + 1) && !/,$/.test(tokens[i + 1]?.text ?? '') && !/^(?:and|&)$/.test(tokens[i + 1]?.text ?? ''))),
  );
  const stopsAfter = new Array<number>(n).fill(0);
  for (let i = n - 2; i >= 0; i -= 1) stopsAfter[i] = (stopsAfter[i + 1] ?? 0) + (isStop[i + 1] ? 1 : 0);
  // The stretch between sentence stops that holds each token: what kind of words it has.
  const segmentFeatures = new Array<string[]>(n);
  const segments: { from: number; to: number; feats: string[] }[] = [];
  const segmentOf = new Array<number>(n).fill(0);
  for (let from = 0; from < n; ) {
    let to = from;
    while (to < n - 1 && !isStop[to]) to += 1;
    const words = all.slice(from, to + 1);
    const lowerShare = words.filter((w) => /^\p{Ll}/u.test(w.core) && !NAME_PARTICLES.has(w.lower)).length / words.length;
    const feats = [`seg-len=${Math.min(to - from + 1, 6)}`, `seg-lower=${lowerShare === 0 ? 0 : lowerShare < 0.34 ? 1 : 2}`];
    if (words.some((w) => ORGANISATION_WORDS.has(w.lower))) feats.push('seg-org');
    if (words.some((w) => w.num === 'year')) feats.push('seg-year');
    if (classes.slice(from, to + 1).some((c) => c === 'initial' || c === 'initials' || c === 'caps-short')) feats.push('seg-initials');
    // `Curr. Opin. Neurobiol.`: capitalised words cut short with a full stop.
    const abbreviations = tokens.slice(from, to + 1).filter((t) => /^\p{Lu}\p{Ll}{1,8}\.,?$/u.test(t.text)).length;
    if (abbreviations > 0) feats.push(`seg-abbr=${Math.min(abbreviations, 3)}`);
    const journalWords = words.filter((w) => JOURNAL_WORDS.has(w.lower)).length;
    if (journalWords > 0) feats.push(`seg-jw=${Math.min(journalWords, 3)}`);
    if (words.some((w) => w.num !== undefined && w.num !== 'year' && w.num !== 'roman')) feats.push('seg-num');
    for (let k = from; k <= to; k += 1) {
      segmentFeatures[k] = feats;
      segmentOf[k] = segments.length;
    }
    segments.push({ from, to, feats });
    from = to + 1;
  }
  // Built once a stretch: every token of a stretch shares them.
  const neighbours = (k: number, prefix: string, edge: string) =>
    (segments[k]?.feats ?? [edge]).filter((f) => !f.startsWith('seg-len')).map((f) => `${prefix}-${f}`);
  const nextOf = segments.map((_, k) => neighbours(k + 1, 'next', 'EOS'));
  const prevOf = segments.map((_, k) => neighbours(k - 1, 'prev', 'BOS'));
  for (let i = 0; i < n; i += 1) {
    const raw = tokens[i]?.text ?? '';
    const f = all[i] as TokenFacts;
    const cls = classes[i] ?? '';
    const lower = f.lower;
    const feats: string[] = ['b'];
    feats.push(`w=${lower}`, `s=${f.shape}`, `c=${cls}`, `l=${f.last}`, `f=${f.first}`);
    if (lower.length > 3) feats.push(`p3=${lower.slice(0, 3)}`, `x3=${lower.slice(-3)}`);
    if (lower.length > 2) feats.push(`x2=${lower.slice(-2)}`);
    if (MONTHS.has(lower)) feats.push('month');
    if (PUBLISHER_WORDS.has(lower)) feats.push('pub-word');
    if (PLACE_WORDS.has(lower)) feats.push('place-word');
    if (JOURNAL_WORDS.has(lower)) feats.push('journal-word');
    if (ORGANISATION_WORDS.has(lower)) feats.push('org-word');
    if (NAME_PARTICLES.has(lower) && /^\p{Ll}/u.test(f.core)) feats.push('particle');
    if (/^(?:et|al|al\.|others)$/.test(lower)) feats.push('etal');
    if (/^(?:eds?|editors?|edited|hrsg|hg|dir|coord|comp)$/.test(lower)) feats.push('editor-word');
    if (/^(?:pp?|pages?|s|seiten)$/.test(lower) && /\.$|^pages?$/.test(raw)) feats.push('page-word');
    if (/^(?:vol|vols|volume|bd|t|tome)$/.test(lower)) feats.push('vol-word');
    if (/^(?:no|nr|issue|heft|n)$/.test(lower) && /\.$|^issue$/i.test(raw)) feats.push('issue-word');
    if (/^(?:ed|edn|edition|éd|aufl|auflage)$/.test(lower)) feats.push('edition-word');
    if (/^(?:in|in:|dans|en)$/i.test(raw.replace(/:$/, '')) && /^[IiDE]/.test(raw)) feats.push(/^In:?$/.test(raw) ? 'In' : 'in');
    if (/^(?:accessed|retrieved|cited|viewed|consulted|available|updated|last)$/.test(lower)) feats.push('access-word');
    if (/^(?:pmid|pmcid|epub|doi|isbn|issn|url)$/.test(lower)) feats.push(`id-word`);
    if (/^(?:thesis|dissertation|report|phd|ph\.d|master's|technical|working|paper|preprint|guideline|manual)$/.test(lower)) feats.push('genre-word');
    if (/^(?:conference|conf|symposium|symp|workshop|congress|meeting|proceedings|proc|colloquium|summit|convention|presented|poster)$/.test(lower)) feats.push('conf-word');
    if (ORDINAL_WORDS.has(lower)) feats.push('ordinal-word');
    if (/^(?:art|article|paper)$/.test(lower) && /\.$|^article$/i.test(raw)) feats.push('article-word');
    if (/^[“"«„‘]/.test(raw)) feats.push('quote-open');
    if (closesQuote(raw)) feats.push('quote-close');
    if (/^[([]/.test(raw)) feats.push('paren-open');
    if (/[)\]][.,:;]*$/.test(raw)) feats.push('paren-close');
    if (/^\(?(?:1[5-9]|20)\d\d[a-z]?\)?[.,;:]?$/.test(raw)) feats.push('year-token');
    if (/^\[?\d{1,3}[.\])]$/.test(raw) && i === 0) feats.push('citation-number');
    if (/[.,;:]$/.test(raw)) feats.push(`end=${raw.at(-1)}`);
    else feats.push('end=none');
    if (raw.length === 1) feats.push('len1');
    else if (raw.length > 12) feats.push('long');
    // Where in the string.
    feats.push(`i=${i < 4 ? i : i < 8 ? '4-7' : 'late'}`, `r=${n - i - 1 < 4 ? n - i - 1 : 'far'}`, `q=${Math.floor((10 * i) / Math.max(1, n))}`);
    // What came before.
    feats.push(`yr=${yearSeen ? 1 : 0}`, `stops=${Math.min(stopsBefore, 4)}`, `after=${Math.min(stopsAfter[i] ?? 0, 4)}`, `since=${Math.min(sinceStop, 3)}`);
    feats.push(...(segmentFeatures[i] ?? []));
    if (/^\p{Lu}\p{Ll}{1,8}\.,?$/u.test(raw)) feats.push('abbr-dot');
    if (stopsBefore === 0) feats.push(...(segmentFeatures[i] ?? []).map((f) => `first-${f}`));
    // What the stretches before and after this one hold: a title is followed by a journal's abbreviations, a journal by numbers.
    const seg = segmentOf[i] ?? 0;
    feats.push(...(nextOf[seg] ?? []), ...(prevOf[seg] ?? []));
    const prevEnd = i > 0 ? (/[.,;:]$/.exec(tokens[i - 1]?.text ?? '')?.[0] ?? 'none') : 'BOS';
    feats.push(`c|-1end=${cls}|${prevEnd}`, `w|-1end=${lower}|${prevEnd}`, `-1w|w=${all[i - 1]?.lower ?? 'BOS'}|${lower}`);
    if (quoteOpen) feats.push('in-quote');
    if (parenDepth > 0) feats.push('in-paren');
    if (inSeen) feats.push('after-In');
    if (colonSeen) feats.push('after-colon');
    // Neighbours.
    for (const d of [-2, -1, 1, 2]) {
      const j = i + d;
      if (j < 0) {
        feats.push(`${d}:BOS`);
        continue;
      }
      if (j >= n) {
        feats.push(`${d}:EOS`);
        continue;
      }
      const g = all[j] as TokenFacts;
      const graw = tokens[j]?.text ?? '';
      feats.push(`${d}c=${classes[j]}`, `${d}l=${g.last}`);
      if (Math.abs(d) === 1) feats.push(`${d}w=${g.lower}`, `${d}s=${g.shape}`);
      if (d === -1 && /[.,;:]$/.test(graw)) feats.push(`-1end=${graw.at(-1)}`);
    }
    feats.push(`c:${classes[i - 1] ?? 'BOS'}>${cls}`, `c:${cls}>${classes[i + 1] ?? 'EOS'}`);
    out.push(feats);

    if (f.num === 'year') yearSeen = true;
    for (const ch of raw) {
      if (ch === '(' || ch === '[') parenDepth += 1;
      else if ((ch === ')' || ch === ']') && parenDepth > 0) parenDepth -= 1;
    }
    if (/^[“"«„]/.test(raw) && !closesQuote(raw.slice(1), '”"»')) quoteOpen = true;
    if (closesQuote(raw, '”"»') && raw.length > 1) quoteOpen = false;
    if (/^In:?$/.test(raw)) inSeen = true;
    if (raw.endsWith(':')) colonSeen = true;
    if (isStop[i]) {
      stopsBefore += 1;
      sinceStop = 0;
    } else sinceStop += 1;
  }
  return out;
}
