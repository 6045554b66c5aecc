/**
 * A second, independent generator for the differential test against pandoc: short
 * article-shaped passages (sentences of health prose, citations as authors place them, and
 * the things around them in real Markdown: prices, emails, URLs, math, notes, figures,
 * entities, emphasis, code, comments, lists and quotes), from a seed. It shares nothing
 * with the random-snippet generator of `pandoc-snippets.ts`, which the reading was tuned
 * against, so its figure is a check on cases the reading was not studied on.
 * Every text here is ours.
 */

/** xorshift32, seeded through a splitmix step: a different generator from the snippets'. */
function random(seed: number): { int: (n: number) => number; pick: <T>(list: readonly T[]) => T; chance: (p: number) => boolean } {
  let z = (seed + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  let x = (z ^ (z >>> 16)) >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  return { int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)]!, chance: (p) => next() < p };
}

type Rng = ReturnType<typeof random>;

const SURNAMES = ['schwenk', 'orhurhu', 'cohen', 'dahan', 'niesters', 'kim', 'park', 'lee', 'moore', 'de_mos', 'garcía', 'øster', 'nguyen', 'o-brien', 'who', 'nice', 'cdc'];
const TOPICS = ['ketamine', 'lidocaine', 'crps', 'migraine', 'tens', 'yoga', 'opioids', 'nerveblock', ''];
const SENTENCES = [
  'Ketamine infusions reduced pain scores at 24 hours',
  'Most patients reported at least 30% relief',
  'The effect faded within 3 weeks',
  'Dissociation was the most common side effect',
  'Costs ranged from $400 to $800 per session',
  'The number needed to treat was about 5',
  'Evidence for long-term benefit is limited',
  'Guidelines recommend a trial of physical therapy first',
  'Doses of 0.5 mg/kg were used',
  'Relief was greater in neuropathic pain',
  'Adverse events were mild and transient',
  'No trial followed patients beyond 12 weeks',
];
const LOCATORS = ['p. 3', 'pp. 12-14', 'p.&nbsp;7', 'chap. 2', 'fig. 3', 'tbl. 2', 'sec. 4.1', '§ 3', '&sect;&nbsp;2', 'para. 5', 'pp. 40–41', '12'];
const PREFIXES = ['see', 'e.g.,', 'cf.', 'see also', 'for a review, see', 'as in', 'compare', '*see*', 'contra'];
const SUFFIXES = ['and references therein', 'for details', 'emphasis added', 'n = 40', 'a small trial', '"a review; updated"', '*in press*'];
const ASIDES = [
  'Contact info@clinic.example.org for prices.',
  'The protocol is online at https://example.org/protocol.',
  'Visit www.example.org/pain for more.',
  'Follow @painclinic for updates.',
  'Dose: $\\frac{1}{2}$ mg/kg.',
  'The mean was $\\mu = 3.2$.',
  'It cost $5 to $10 a day.',
  'Raw \\textit{emphasis} here.',
  'Use `[@notacitation]` literally.',
  '<!-- TODO: check the dose; ask @editor -->',
  'Escaped \\@handle is text.',
  'A <span class="x">span @inspan</span> here.',
  'See <https://example.org/@someone>.',
  'An en dash – and an em dash — here.',
  'Email a_b@example.org or x-y@example.org.',
];

function key(r: Rng): string {
  const base = `${r.pick(SURNAMES)}${r.chance(0.8) ? 2000 + r.int(25) : ''}${r.pick(TOPICS)}`;
  const roll = r.int(20);
  if (roll === 0) return `{${base}:${r.int(9)}}`;
  if (roll === 1) return `${base}.${r.int(9)}`;
  if (roll === 2) return `${base}:${r.int(99)}`;
  return base || 'anon';
}

function item(r: Rng): string {
  let text = '';
  if (r.chance(0.25)) text += r.pick(PREFIXES) + ' ';
  text += (r.chance(0.08) ? '-' : '') + '@' + key(r);
  if (r.chance(0.4)) text += (r.chance(0.8) ? ', ' : ' ') + r.pick(LOCATORS);
  if (r.chance(0.1)) text += ', ' + r.pick(SUFFIXES);
  return text;
}

/** Slips authors make around citations, and text that comes close to one. */
const SLIPS: readonly ((r: Rng) => string)[] = [
  (r) => `[@ ${key(r)}]`,
  (r) => `[@${key(r)};@${key(r)}]`,
  (r) => `[@${key(r)}, p. 3;@${key(r)}]`,
  (r) => `[@${key(r)}; @ ${key(r)}]`,
  (r) => `[@${key(r)} @${key(r)}]`,
  (r) => `@${key(r)}'s review`,
  (r) => `(@${key(r)})`,
  (r) => `(@${key(r)}, p. 3)`,
  (r) => `[@${key(r)}](https://example.org)`,
  (r) => `(https://example.org/report)[@${key(r)}]`,
  (r) => `[@${key(r)}, $400 per dose]`,
  (r) => `[@${key(r)}, "p. 3; fig. 2"]`,
  (r) => `[@${key(r)} <!-- p. 3; check -->]`,
  (r) => `[@${key(r)}, \\emph{x}]`,
  (r) => `[see \`[\`; @${key(r)}]`,
  (r) => `[@${key(r)}&#59; @${key(r)}]`,
  (r) => `-@${key(r)}`,
  (r) => `@${key(r)}@${key(r)}`,
  (r) => `[@{${key(r)} draft}]`,
  (r) => `@${key(r)}: ${r.pick(SENTENCES).toLowerCase()}`,
  (r) => `[@${key(r)}][ref]`,
  (r) => `[^@${key(r)}]`,
  (r) => `**@${key(r)}**`,
  (r) => `_@${key(r)}_`,
  (r) => `~~[@${key(r)}]~~`,
  (r) => `@${key(r)}-style`,
  (r) => `#@${key(r)}`,
  (r) => `[@${key(r)}]{.smallcaps}`,
];

function citation(r: Rng): string {
  if (r.chance(0.12)) return r.pick(SLIPS)(r);
  const roll = r.int(10);
  if (roll < 6) {
    const items = [item(r)];
    while (r.chance(0.3)) items.push(item(r));
    return `[${items.join('; ')}]`;
  }
  if (roll < 8) return `@${key(r)}`;
  if (roll === 8) return `@${key(r)} [${r.pick(LOCATORS)}]`;
  return `[-@${key(r)}]`;
}

/** One sentence, with a citation where authors put them: at its end, before the full stop or after it, or as its subject. */
function sentence(r: Rng): string {
  const text = r.pick(SENTENCES);
  const roll = r.int(12);
  if (roll < 5) return `${text} ${citation(r)}.`;
  if (roll === 5) return `${text}.${citation(r)}`;
  if (roll === 6) return `As @${key(r)} ${r.chance(0.3) ? `[${r.pick(LOCATORS)}] ` : ''}report, ${text.toLowerCase()}.`;
  if (roll === 7) return `${text}^[${r.pick(SENTENCES)} ${citation(r)}.].`;
  if (roll === 8) return `*${text} ${citation(r)}*.`;
  if (roll === 9) return `${text} (${r.chance(0.5) ? 'see ' : ''}@${key(r)}).`;
  if (roll === 10) return `${text} [${citation(r).replace(/^\[|\]$/g, '')}]{.note}.`;
  return `${text}.`;
}

function paragraph(r: Rng, note: string, used: Set<string>): string {
  const parts: string[] = [];
  const count = 1 + r.int(3);
  for (let i = 0; i < count; i++) {
    parts.push(sentence(r));
    if (r.chance(0.2)) parts.push(r.pick(ASIDES));
  }
  if (r.chance(0.1) && !used.has(note)) {
    used.add(note);
    parts.push(`A footnote.[^${note}]`);
  }
  return parts.join(r.chance(0.2) ? '\n' : ' ');
}

/** One passage: one to three blocks, perhaps a figure, a list, a quote, a table or a footnote's text. */
function passage(r: Rng, index: number): string {
  const note = `n${index}`;
  const used = new Set<string>();
  const blocks: string[] = [];
  const count = 1 + r.int(3);
  for (let i = 0; i < count; i++) {
    const roll = r.int(14);
    if (roll === 0) blocks.push(`![${r.pick(SENTENCES)} ${citation(r)}](fig${r.int(9)}.png${r.chance(0.3) ? ' "Figure"' : ''})`);
    else if (roll === 1) blocks.push(`- ${sentence(r)}\n- ${sentence(r)}`);
    else if (roll === 2) blocks.push(`> ${sentence(r)}`);
    else if (roll === 3) blocks.push(`| Drug | Source |\n|---|---|\n| ketamine | ${citation(r)} |`);
    else if (roll === 4) blocks.push(`$$\n\\sum_i x_i @${key(r)}\n$$`);
    else blocks.push(paragraph(r, note, used));
  }
  const text = blocks.join('\n\n');
  return text.includes(`[^${note}]`) ? `${text}\n\n[^${note}]: ${sentence(r)}` : text;
}

export function articlePassages(count: number, seed: number): string[] {
  const r = random(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(passage(r, i));
  return out;
}
