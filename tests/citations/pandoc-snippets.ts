/**
 * Inputs for the differential test against pandoc (`pandoc-differential.test.ts`):
 * cases written after the kinds of input pandoc's own citation tests use, realistic
 * hand-made cases from health writing, and random snippets from a fixed seed.
 * Every text here is ours.
 */

/** The kinds of input pandoc's citation tests exercise, in our own words and keys. */
export const pandocStyleCases: string[] = [
  '[@missing2001]',
  '@missing2001',
  '@hall2010 argues the point.',
  '@hall2010 [p. 12] argues the point.',
  '@hall2010 [p. 12, with a remark] argues the point.',
  '@hall2010 [-@ortiz2012 p. 7; see also @Ørsted1820] argues the point.',
  'Mentioned in a note.[^n1]\n\n[^n1]: Two sources [see @ortiz2012 ch. 4; @Ørsted1820; @hall2010].',
  'A group of citations [see @hall2010 ch. 3; also @Ørsted1820 pp. 40-41].',
  'One more [see @hall2010 pp. 40-41].',
  'With a locator and a suffix [@hall2010 pp. 3, 8-9, and elsewhere\ntoo].',
  'With a suffix only [@hall2010 and elsewhere].',
  'Author suppressed: [-@hall2010], and with a locator [-@ortiz2012 p. 50].',
  'Some markup [*compare* @hall2010 p. **12**].',
  'Bracketed list: [@hall2010; @ortiz2012].',
  'Prefix and suffix on both [cf. @hall2010, p. 3; contra @ortiz2012, at 7].',
  '@hall2010 [@ortiz2012] agree.',
  '@hall2010 [p. 3; @ortiz2012] agree.',
  'Keys with punctuation: @doe:2001/a, @x.y.z., @a-b+c?d, and @{odd key}.',
  'A key with a trailing colon @hall2010: then text.',
  'Numbers as keys [@1999; @2000a].',
  'Underscore keys @_private and @snake_case_key.',
  'Braced key with spaces is not one @{two words}.',
  'Escaped \\@hall2010 is text, and so is \\[@hall2010].',
  'An email hall@example.org and a handle (@hall2010).',
  'Cites inside emphasis *see @hall2010* and strong **[@ortiz2012]**.',
  'A link [text](http://example.org) then [@hall2010].',
  'A citation in a link [see [@hall2010]](http://example.org).',
  'Inline note.^[With a citation @hall2010 inside.]',
  'Inline note with a list.^[See [@hall2010; @ortiz2012].]',
  'A footnote reference[^x] and a citation [@hall2010].\n\n[^x]: The note [-@ortiz2012].',
  'Two paragraphs.\n\nSecond one cites @hall2010.',
  '> Quoted text [@hall2010, p. 4].',
  '* item one [@hall2010]\n* item two @ortiz2012',
  '1. first [@hall2010]\n2. second',
  '# A heading @hall2010\n\nBody.',
  'Code `[@hall2010]` is not a citation.',
  '```\n[@hall2010]\n```',
  '    [@hall2010] indented code',
  'Math $E = mc^2 @hall2010$ and $$\\sum @ortiz2012$$.',
  'Raw TeX \\cite{hall2010} and \\emph{@ortiz2012}.',
  '<span>@hall2010</span> and <!-- [@ortiz2012] -->.',
  '![A figure caption [@hall2010]](fig.png)',
  'Text with an image ![alt @ortiz2012](x.png) inline.',
  '[@hall2010]: starts a line.',
  '---\ntitle: A title\nnocite: \'@*\'\n...\n\nBody @hall2010.',
  'Body first.\n\n---\nnocite: \'@ortiz2012\'\n---\n\nThen @hall2010.',
  'Entities [@hall2010, p.&nbsp;3] and [@ortiz2012, &sect; 4].',
  'Entity separator [@hall2010&#59; @ortiz2012].',
  'After an entity @hall2010 [p.&nbsp;9].',
  'Astral keys @𝔘ber2020 and @key𠀀x.',
  'Quote [@hall2010, "a; b"; @ortiz2012].',
  'Emphasis [@hall2010, *a; b*; @ortiz2012].',
  'Comment [@hall2010, <!-- a; b --> c; @ortiz2012].',
  'Unclosed [@hall2010 and on.',
  'Empty [@] and spaced [@ hall2010].',
  'Dash [-@hall2010; -@ortiz2012].',
  'Span [@hall2010]{.class} text.',
  'Reference [@hall2010][ref] text.\n\n[ref]: http://example.org',
  'Wildcard @* cites all.',
  'In a table:\n\n| a | b |\n|---|---|\n| [@hall2010] | @ortiz2012 |',
];

/** Hand-made cases from health writing: citations as article authors place them. */
export const realisticCases: string[] = [
  'Ketamine reduced pain scores at 24 hours [@schwenk2018].',
  'Ketamine reduced pain scores at 24 hours.[@schwenk2018]',
  'Ketamine reduced pain scores at 24 hours [@schwenk2018; @orhurhu2019].',
  'As @schwenk2018 note, infusions are off-label.',
  'As @schwenk2018 [p. 460] note, infusions are off-label.',
  'Relief lasted 3 weeks on average [@niesters2014ketamine, pp. 12-14].',
  'Relief lasted 3 weeks on average [see @niesters2014ketamine, tbl. 2].',
  'Relief lasted 3 weeks on average [see @niesters2014ketamine, fig. 3; and @dahan2011, sec. 4].',
  'Patients in the trial [-@schwenk2018] reported dissociation.',
  'Side effects include nausea and dizziness [@orhurhu2019, p.&nbsp;7].',
  'Costs ranged from $400 to $800 per infusion [@kwc2021].',
  'Costs were about $750 per session, with $89 for basic care @kwc2021.',
  'The NNT was $\\frac{1}{0.2}$ = 5 [@dahan2011].',
  'Esketamine is FDA-approved for depression^[The approval covers treatment-resistant depression [@fda2019].].',
  'Esketamine is FDA-approved for depression.^[@fda2019]',
  'CRPS affects 26 per 100,000 person-years [@sandroni2003; @deMos2007, p. 12].',
  'Pain scores fell by 30% (95% CI, 20%–40%) [@schwenk2018, fig. 2].',
  '![Pain scores over 12 weeks [@schwenk2018]](figures/pain.png)',
  '![Pain scores over 12 weeks, after @niesters2014ketamine](figures/pain.png "Figure 1")',
  'See the systematic review by @orhurhu2019 [ch. 2] for details.',
  'Several reviews agree [e.g., @orhurhu2019; @cohen2018; @niesters2014ketamine].',
  'Lidocaine infusions are an alternative [@kim2017, p. 45, and references therein].',
  'Contact the clinic at info@painclinic.example.org for prices.',
  'Follow @painclinic on social media.',
  'Results were mixed [@a2020 &amp; @b2021 disagree].',
  'Results were mixed [compare @a2020 &ndash; @b2021].',
  'Evidence is limited [@cochrane2015, &sect;&nbsp;3.2].',
  'A meta-analysis [@lee2020: "ketamine; a review"] found benefit.',
  'One trial [@park2019, *n* = 40; @kim2017] was small.',
  'The mechanism involves NMDA receptors [@zorumski2016 <!-- check page; add later -->].',
  '---\ntitle: "Ketamine and pain"\nlang: en-US\nbibliography: refs.bib\n...\n\nKetamine helps [@schwenk2018].',
  '---\ntitle: Ketamine\nnocite: |\n  @orhurhu2019, @cohen2018\n---\n\nText [@schwenk2018].',
  'Doses of 0.5 mg/kg were used [@schwenk2018, p. 3]\nand repeated weekly [@cohen2018].',
  '> "Ketamine is not a cure" [@dahan2011, p. 9].',
  '- Nerve blocks [@cohen2018]\n- Spinal cord stimulation [@sdrulla2018spinal, pp. 3-5]',
  'Physical therapy helps [@pt2019]^[Some trials used home programmes.].',
  'The rate was 1 in 5 adults [@cdc2019], or 20.4%.',
  'Table 2 [@orhurhu2019, tbl. 2] lists the doses.',
  'Relief lasted longer with repeated infusions [@niesters2014ketamine, p. 5; cf. @dahan2011].',
  'Smith and colleagues [-@smith2020, p. 2] disagree.',
  'Ketamine (see @schwenk2018) is used off-label.',
  'Ketamine [@schwenk2018 p. 460] is used off-label.',
  'Note: @schwenk2018\'s guideline is widely cited.',
  'In 2018, @schwenk2018 published consensus guidelines.',
  'Guidelines exist [@schwenk2018; @cohen2018, section 3; @asra2019].',
  'Key with DOI-like text @doi:10.1000/xyz123 is cited.',
  'A URL-keyed source @{https://example.org/report} is cited.',
  'Windows path C:\\Users\\staff and @schwenk2018.',
  'Price in a bracket [@kwc2021, $400 per dose; @kwc2022].',
  'Under ~~a retracted claim [@wakefield1998]~~ nothing holds.',
];

/** mulberry32: small, fast and the same on every platform. */
function rng(seed: number): { next: () => number; pick: <T>(list: readonly T[]) => T; chance: (p: number) => boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: (list) => list[Math.floor(next() * list.length)]!, chance: (p) => next() < p };
}

const KEYS = ['a', 'smith2020', 'Müller2019', 'doe:2001', 'x.y', 'a-b', '_k', '1999', 'key/x', '𝔘ber', 'Øberg', 'a_b', 'Z9', '*'];
const WORDS = ['see', 'pain', 'p. 3', 'pp. 3-5', 'chap. 2', 'and', 'also', 'cf.', 'e.g.,', 'relief', 'fig. 2', 'at 7', 'tbl. 1', '12', 'x'];
const PIECES = [
  ' ', ' ', ' ', ', ', '; ', '.', ',', '-', '[', ']', '[', ']', '(', ')', '{', '}', '*', '_', '"', "'", '`', '$', '$$x @a$$', '^[n; @a]', '<!-- c; d -->', '<b>', '</b>',
  '&nbsp;', '&amp;', '&#59;', '&sect;', '\\', '\\emph{x; @a}', '\n', ':', '!', '![', '](x.png)', '](http://x.org)', 'me@x.org', 'a.b@', '–', '—', '“', '”',
];

function key(r: ReturnType<typeof rng>): string {
  return (r.chance(0.15) ? '-' : '') + '@' + (r.chance(0.05) ? `{${r.pick(KEYS)} x}` : r.pick(KEYS));
}

/**
 * One random snippet: a paragraph of keys, words and Markdown punctuation. (No `~`: pandoc's
 * subscript and strikeout parsers make a batch of such snippets take minutes, and a `~` never
 * decides where a citation is. `$$` and `^[` come closed: pandoc reads an unclosed one past the
 * paragraph's end, into the next snippet of a batch.)
 */
function snippet(r: ReturnType<typeof rng>): string {
  const parts: string[] = [];
  const length = 3 + Math.floor(r.next() * 12);
  for (let i = 0; i < length; i++) {
    const roll = r.next();
    if (roll < 0.25) parts.push(key(r));
    else if (roll < 0.5) parts.push(r.pick(WORDS));
    else if (roll < 0.6) parts.push(`[${r.chance(0.5) ? r.pick(WORDS) + ' ' : ''}${key(r)}${r.chance(0.5) ? ', ' + r.pick(WORDS) : ''}${r.chance(0.3) ? '; ' + key(r) : ''}]`);
    else parts.push(r.pick(PIECES));
  }
  // A snippet is one paragraph: no blank lines, no line starting a block of its own.
  let text = parts.join('').replace(/\n\s*\n/g, '\n').replace(/\n[ \t]*/g, '\n. ');
  // pandoc may pair an unclosed `[` with a `]` paragraphs later, across the other snippets of a batch.
  const open = (text.match(/\[/g) ?? []).length - (text.match(/\]/g) ?? []).length;
  if (open > 0) text += ']'.repeat(open);
  return `T ${text}`;
}

export function randomSnippets(count: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(snippet(r));
  return out;
}
