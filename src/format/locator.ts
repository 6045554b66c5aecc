/**
 * Splits a pandoc locator as written (`pp. 33-35`, `chap. 3`, `§ 4`) into a
 * CSL locator label and value. Pandoc recognises the locale's locator terms
 * in long and short forms, singular and plural; a locator with no term is a
 * page. Only the English terms are known here.
 */

const TERMS: Record<string, string[]> = {
  appendix: ['appendix', 'appendices', 'app.', 'apps.'],
  'article-locator': ['article', 'articles', 'art.', 'arts.'],
  book: ['book', 'books', 'bk.', 'bks.'],
  canon: ['canon', 'canons', 'c.', 'cc.'],
  chapter: ['chapter', 'chapters', 'chap.', 'chaps.', 'ch.', 'chs.'],
  column: ['column', 'columns', 'col.', 'cols.'],
  elocation: ['location', 'locations', 'loc.', 'locs.'],
  equation: ['equation', 'equations', 'eq.', 'eqs.'],
  figure: ['figure', 'figures', 'fig.', 'figs.'],
  folio: ['folio', 'folios', 'fol.', 'fols.'],
  issue: ['issue', 'issues', 'iss.'],
  line: ['line', 'lines', 'l.', 'll.'],
  note: ['note', 'notes', 'n.', 'nn.'],
  number: ['number', 'numbers', 'no.', 'nos.'],
  opus: ['opus', 'opera', 'op.', 'opp.'],
  page: ['page', 'pages', 'p.', 'pp.'],
  paragraph: ['paragraph', 'paragraphs', 'para.', 'paras.', '¶¶', '¶'],
  part: ['part', 'parts', 'pt.', 'pts.'],
  rule: ['rule', 'rules', 'r.', 'rr.'],
  scene: ['scene', 'scenes', 'sc.', 'scs.'],
  section: ['section', 'sections', 'sec.', 'secs.', '§§', '§'],
  'sub-verbo': ['sub verbo', 'sub verbis', 's.v.', 's.vv.'],
  table: ['table', 'tables', 'tbl.', 'tbls.'],
  timestamp: ['timestamp', 'timestamps'],
  'title-locator': ['title', 'titles', 'tit.', 'tits.'],
  verse: ['verse', 'verses', 'v.', 'vv.'],
  volume: ['volume', 'volumes', 'vol.', 'vols.'],
};

/** Every term form with its label, longest first so `pp.` wins over `p.`. */
const FORMS: [string, string][] = Object.entries(TERMS)
  .flatMap(([label, forms]) => forms.map((form): [string, string] => [form, label]))
  .sort((a, b) => b[0].length - a[0].length);

export interface ParsedLocator {
  /** A CSL locator label such as `page` or `chapter`. */
  label: string;
  /** The locator value without its term, e.g. `33-35`. */
  value: string;
}

/** `pp. 33-35` → `{label: 'page', value: '33-35'}`; `''` → undefined. */
export function parseLocator(written: string): ParsedLocator | undefined {
  const text = written.trim();
  if (text === '') return undefined;
  const lower = text.toLowerCase();
  for (const [form, label] of FORMS) {
    if (!lower.startsWith(form)) continue;
    const rest = text.slice(form.length);
    // A word term must end at a word boundary (`pages 3`, not `pageant`); `p.3` and `§4` need no space.
    const endsClean = form.endsWith('.') || /^[¶§]/.test(form) || rest === '' || /^\s/.test(rest);
    if (!endsClean) continue;
    const value = rest.trim();
    if (value === '') continue;
    return { label, value };
  }
  return { label: 'page', value: text };
}
