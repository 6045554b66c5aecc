/**
 * Deterministic benchmark corpus: N articles with pandoc citations and an
 * M-item CSL-JSON bibliography, from a seed. Plain Node ESM so the bench
 * runs without a TypeScript step.
 *
 * The bibliography plants ~3% near-duplicates (same work, written
 * differently) and a few same-title updates that carry their own DOI (another
 * work); `ground-truth.json` records both so the bench can check dedupe.
 *
 *   node tests/bench/generate.mjs DIR --articles 100 --items 1000 [--seed 1] [--bib json|yaml]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify as toYaml } from 'yaml';

/** mulberry32: small, fast and the same on every platform. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const FAMILIES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Niesters', 'Dahan', 'Cohen', 'Schwenk', 'Orhurhu', 'Zorumski', 'Hulimavu', 'Müller', 'Schäfer', 'Østergaard',
  'Kowalski', 'Nowak', 'Rossi', 'Bianchi', 'Tanaka', 'Suzuki', 'Kim', 'Park', 'Chen', 'Wang',
  'Li', 'Zhang', 'Liu', 'Singh', 'Kumar', 'Patel', 'Okafor', 'Mensah', 'Haddad', 'Nakamura',
];
const GIVENS = ['Anna', 'Ben', 'Carla', 'David', 'Elif', 'Femi', 'Grace', 'Hiro', 'Ines', 'Jon', 'Kiran', 'Lena', 'Marco', 'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara'];
const JOURNALS = [
  'Pain', 'Anesthesiology', 'British Journal of Anaesthesia', 'Regional Anesthesia & Pain Medicine', 'Journal of Pain Research',
  'The Lancet', 'BMJ', 'JAMA', 'New England Journal of Medicine', 'Cochrane Database of Systematic Reviews',
  'Pain Medicine', 'European Journal of Pain', 'Headache', 'Neurology', 'Journal of Affective Disorders',
];

/** Topic term → a phrase a title or a sentence can use. Terms match the default vocabulary's signals. */
const TOPICS = {
  ketamine: ['ketamine', 'ketamine infusion', 'intravenous ketamine'],
  esketamine: ['esketamine', 'intranasal esketamine'],
  'nmda-receptor': ['NMDA receptor antagonists', 'the NMDA receptor'],
  opioids: ['opioids', 'opioid analgesics', 'long-term opioid therapy'],
  nsaids: ['NSAIDs', 'ibuprofen', 'non-opioid analgesics'],
  'nerve-block': ['nerve blocks', 'peripheral nerve block'],
  'epidural-steroid-injection': ['epidural steroid injections', 'epidural injection'],
  'spinal-cord-stimulation': ['spinal cord stimulation', 'neuromodulation'],
  'physical-therapy': ['physical therapy', 'exercise therapy'],
  cbt: ['cognitive behavioral therapy', 'CBT'],
  mindfulness: ['mindfulness', 'mindfulness-based stress reduction'],
  acupuncture: ['acupuncture', 'complementary medicine'],
  'regenerative-medicine': ['platelet-rich plasma', 'stem cell therapy'],
  'virtual-reality': ['virtual reality', 'immersive virtual reality'],
  crps: ['complex regional pain syndrome', 'CRPS'],
  fibromyalgia: ['fibromyalgia'],
  'neuropathic-pain': ['neuropathic pain', 'diabetic neuropathy'],
  migraine: ['migraine', 'chronic migraine'],
  'phantom-limb': ['phantom limb pain'],
  depression: ['depression', 'treatment-resistant depression'],
  'side-effects': ['adverse effects', 'side effects'],
  'insurance-coverage': ['insurance coverage', 'out-of-pocket costs'],
};
const TOPIC_IDS = Object.keys(TOPICS);
const EVIDENCE = ['systematic-review', 'meta-analysis', 'rct', 'rct', 'rct', 'cohort', 'cohort', 'case-series', 'qualitative', 'guideline', 'narrative-review', 'web-page', 'press-release', 'expert-opinion'];
const DESIGNS = {
  'systematic-review': 'a systematic review',
  'meta-analysis': 'a meta-analysis of randomized trials',
  rct: 'a randomized controlled trial',
  cohort: 'a prospective cohort study',
  'case-series': 'a case series',
  qualitative: 'a qualitative study',
  guideline: 'consensus guidelines',
  'narrative-review': 'a narrative review',
  'web-page': 'what patients should know',
  'press-release': 'new findings announced',
  'expert-opinion': 'an expert view',
};
const OUTCOMES = ['efficacy', 'safety', 'long-term outcomes', 'dose response', 'cost-effectiveness', 'patient-reported outcomes', 'quality of life', 'functional recovery', 'time to relapse', 'adherence'];
const POPULATIONS = ['adults', 'older adults', 'veterans', 'adolescents', 'women', 'primary care patients', 'cancer survivors', 'outpatients', 'emergency department patients', 'surgical patients'];
const SETTINGS = ['in primary care', 'after surgery', 'in the emergency department', 'at home', 'in rural clinics', 'across Europe', 'in the United States', 'in Japan', 'in community practice', 'in tertiary centres'];

const FILLER = (
  'many people live with pain that lasts for months and the way it affects work sleep and mood differs from one person to the next ' +
  'clinicians usually begin with simple measures and move to other options when those measures are not enough ' +
  'the choice depends on the cause of the pain the other conditions a person has and what they want from treatment ' +
  'talk with your doctor about the benefits and the risks before you start anything new and keep a diary of your symptoms ' +
  'insurance plans differ in what they pay for and a clinic can help you check your coverage before the first visit'
).split(' ');

function titleFor(r, topics, evidence) {
  const [a, b] = topics.map((t) => r.pick(TOPICS[t]));
  const outcome = r.pick(OUTCOMES);
  const pop = r.pick(POPULATIONS);
  const setting = r.pick(SETTINGS);
  const forms = [
    () => `${cap(outcome)} of ${a} for ${b} in ${pop}: ${DESIGNS[evidence]}`,
    () => `${cap(a)} versus usual care for ${b} ${setting}`,
    () => `${cap(a)} and ${b}: ${outcome} in ${pop} ${setting}`,
    () => `Does ${a} improve ${outcome} in ${pop} with ${b}? ${cap(DESIGNS[evidence])}`,
  ];
  return r.pick(forms)();
}

function cap(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function keyWord(title) {
  const stop = new Set(['the', 'a', 'an', 'of', 'and', 'for', 'in', 'does', 'versus', 'with', 'on']);
  const word = title.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').split(/\s+/).find((w) => w && !stop.has(w)) ?? 'work';
  return word;
}

function asciiFold(s) {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ø/g, 'o').replace(/Ø/g, 'O');
}

/** The bibliography: unique works, then planted near-duplicates and same-title updates. */
export function generateBibliography(m, seed = 1) {
  const r = rng(seed * 7919 + 17);
  const updates = Math.max(1, Math.round(m * 0.005));
  const duplicates = Math.max(1, Math.round(m * 0.03));
  const originals = m - updates - duplicates;
  const items = [];
  const usedIds = new Set();
  const usedTitles = new Set();
  const ident = (base) => {
    let id = base;
    for (let k = 0; usedIds.has(id); k++) id = base + String.fromCharCode(97 + (k % 26)) + (k >= 26 ? k : '');
    usedIds.add(id);
    return id;
  };

  for (let i = 0; i < originals; i++) {
    const topics = [r.pick(TOPIC_IDS)];
    let second = r.pick(TOPIC_IDS);
    while (second === topics[0]) second = r.pick(TOPIC_IDS);
    topics.push(second);
    const evidence = r.pick(EVIDENCE);
    let title = titleFor(r, topics, evidence);
    // Make every original's title unique so the only title matches are the planted ones.
    while (usedTitles.has(title.toLowerCase())) title = `${title} (${r.pick(['phase II', 'pilot', 'follow-up', 'extension', 'secondary analysis'])} ${r.int(1, 999)})`;
    usedTitles.add(title.toLowerCase());
    const year = r.int(1995, 2024);
    const authorCount = r.int(1, 6);
    const author = [];
    for (let k = 0; k < authorCount; k++) author.push({ family: r.pick(FAMILIES), given: r.pick(GIVENS) });
    const web = evidence === 'web-page' || evidence === 'press-release';
    const id = ident(`${asciiFold(author[0].family).toLowerCase()}${year}${keyWord(title)}`);
    const item = {
      id,
      type: web ? 'webpage' : 'article-journal',
      title,
      author,
      issued: { 'date-parts': [r.chance(0.5) ? [year, r.int(1, 12), r.int(1, 28)] : [year]] },
    };
    if (!web) {
      item['container-title'] = r.pick(JOURNALS);
      item.volume = String(r.int(1, 180));
      if (r.chance(0.7)) item.issue = String(r.int(1, 12));
      const first = r.int(1, 2000);
      item.page = `${first}-${first + r.int(3, 20)}`;
      item.DOI = `10.${r.int(1000, 9999)}/bench.${i}.${r.int(100, 999)}`;
      if (r.chance(0.6)) item.PMID = String(20000000 + i * 7 + r.int(0, 6));
    } else {
      item['container-title'] = r.pick(['Pain Clinic Blog', 'Health News Today', 'Cleveland Clinic', 'NIH News']);
      item.URL = `https://example.org/${id}`;
      item.accessed = { 'date-parts': [[2024, r.int(1, 12), r.int(1, 28)]] };
    }
    if (item.DOI) item.URL = `https://doi.org/${item.DOI}`;
    if (r.chance(0.3)) item.abstract = `Background: ${TOPICS[topics[0]][0]} is used for ${TOPICS[topics[1]][0]}. We assessed ${r.pick(OUTCOMES)} in ${r.pick(POPULATIONS)}. Results were mixed and ${r.int(10, 90)}% of participants reported relief.`;
    // Most items carry topics; the rest exercise topic inference from the title and abstract.
    if (r.chance(0.8)) item.topics = topics;
    item.evidence = evidence;
    if (r.chance(0.002)) item.retracted = true;
    items.push(item);
  }

  const plantedDuplicates = [];
  const used = new Set();
  const pickOriginal = (needDoi) => {
    for (;;) {
      const idx = r.int(0, originals - 1);
      if (used.has(idx)) continue;
      if (needDoi && !items[idx].DOI) continue;
      used.add(idx);
      return items[idx];
    }
  };

  for (let k = 0; k < duplicates; k++) {
    const original = pickOriginal(false);
    const copy = structuredClone(original);
    const year = original.issued['date-parts'][0][0];
    const variant = k % 5;
    if (variant === 0 && original.DOI) {
      // The same DOI, written as a URL and in upper case; the title is abbreviated differently.
      copy.DOI = `https://doi.org/${original.DOI.toUpperCase()}`;
      copy.title = original.title.replace(/:.*$/, '');
    } else if (variant === 1 && original.PMID) {
      delete copy.DOI;
      delete copy.URL;
      copy.issued = { 'date-parts': [[year + 1]] };
    } else {
      // A title match: case, punctuation, `and`/`&`, HTML; year within one; no conflicting DOI.
      copy.title = original.title
        .toUpperCase()
        .replace(/ AND /g, ' &amp; ')
        .replace(/:/g, ' -')
        .concat(variant === 3 ? '.' : '');
      copy.issued = { 'date-parts': [[year + (variant === 4 ? 1 : 0)]] };
      delete copy.PMID;
      if (variant !== 2) delete copy.DOI;
      if (variant === 2 && original.DOI) copy.DOI = original.DOI;
    }
    copy.id = ident(`${original.id}dup`);
    plantedDuplicates.push([original.id, copy.id]);
    items.push(copy);
  }

  const updatesWithOwnDoi = [];
  for (let k = 0; k < updates; k++) {
    const original = pickOriginal(true);
    const copy = structuredClone(original);
    const year = original.issued['date-parts'][0][0];
    copy.issued = { 'date-parts': [[year + 1]] };
    copy.DOI = `${original.DOI}.update${k}`;
    copy.URL = `https://doi.org/${copy.DOI}`;
    delete copy.PMID;
    copy.id = ident(`${original.id}update`);
    updatesWithOwnDoi.push([original.id, copy.id]);
    items.push(copy);
  }

  // Spread the planted items through the file rather than appending them.
  for (let i = items.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return { items, plantedDuplicates, updatesWithOwnDoi };
}

function sentence(r, words) {
  const out = [];
  for (let k = 0; k < words; k++) out.push(r.pick(FILLER));
  return cap(out.join(' '));
}

/** A citation of `first` (the claim's source), sometimes with a second key from `pool`; null for an in-text citation. */
function citation(r, first, pool) {
  const other = () => r.pick(pool);
  const roll = r.next();
  if (roll < 0.5) return `[@${first}]`;
  if (roll < 0.65) return `[@${first}; @${other()}]`;
  if (roll < 0.75) return `[see @${first}, pp. ${r.int(1, 200)}-${r.int(201, 400)}]`;
  if (roll < 0.82) return `[@${first}, p. ${r.int(1, 400)}; @${other()}, chap. ${r.int(1, 12)}]`;
  if (roll < 0.88) return `[-@${first}]`;
  return null;
}

/**
 * One article: headings, paragraphs, a list, a table, a quote; 10–40 citations; ~1,200 words. `shape` changes the
 * length and the citation count (the `long` shape: ~12,000 words, 2–6 citations); the defaults draw the same numbers.
 */
export function generateArticle(r, index, keys, itemsById, keysByTopic, shape = {}) {
  const { words: targetWords = 1200, cites: [fewest, most] = [10, 40] } = shape;
  const citeCount = r.int(fewest, most);
  const topic = r.pick(TOPIC_IDS);
  const onTopic = keysByTopic.get(topic) ?? keys;
  const lines = ['---', `title: "Benchmark article ${index}: ${TOPICS[topic][0]}"`, 'lang: en-US', '---', ''];
  let words = 0;
  let cites = 0;
  let block = 0;
  // Citations mostly point at a small topical pool, as real articles do.
  const pool = [];
  for (let k = 0; k < 60; k++) pool.push(r.pick(r.chance(0.9) ? onTopic : keys));
  const claim = () => {
    const key = r.pick(pool);
    const item = itemsById.get(key);
    const t = item?.topics?.includes(topic) ? topic : (item?.topics?.[0] ?? topic);
    const phrase = r.pick(TOPICS[t]);
    // The claim names the topic of the work it cites, so topic-mismatch fires only on the second key of some citations.
    const c = citation(r, key, pool);
    cites++;
    const body = `${cap(phrase)} ${r.pick(['reduced pain scores by', 'helped', 'was linked to relief in', 'improved function in'])} ${r.int(5, 80)}% of ${r.pick(POPULATIONS)} ${r.pick(SETTINGS)}`;
    if (c === null) return `@${key} ${r.chance(0.3) ? `[p. ${r.int(1, 90)}] ` : ''}found that ${phrase} ${r.pick(['helped', 'did not help'])} ${r.pick(POPULATIONS)}.`;
    return r.chance(0.5) ? `${body} ${c}.` : `${body}. ${c}`;
  };
  while (words < targetWords) {
    block++;
    if (block % 6 === 1) {
      lines.push(`## ${cap(r.pick(OUTCOMES))} of ${r.pick(TOPICS[topic])} ${block}`, '');
      continue;
    }
    const kind = block % 11;
    if (kind === 4) {
      for (let k = 0; k < 4; k++) {
        const text = cites < citeCount && r.chance(0.4) ? claim() : `${sentence(r, r.int(6, 14))}.`;
        words += text.split(' ').length;
        lines.push(`- ${text}`);
      }
      lines.push('');
    } else if (kind === 7) {
      lines.push('| Treatment | Effect | Source |', '| --- | --- | --- |');
      for (let k = 0; k < 3; k++) {
        const cell = cites < citeCount && r.chance(0.5) ? `[@${r.pick(pool)}]` : 'n/a';
        if (cell !== 'n/a') cites++;
        lines.push(`| ${cap(r.pick(TOPICS[r.pick(TOPIC_IDS)]))} | ${r.int(5, 60)}% *relief* | ${cell} |`);
        words += 6;
      }
      lines.push('');
    } else if (kind === 9) {
      const text = `${sentence(r, 20)}. ${sentence(r, 12)}.`;
      words += text.split(' ').length;
      lines.push(`> ${text}`, '');
    } else {
      const parts = [];
      const n = r.int(3, 6);
      for (let k = 0; k < n; k++) {
        const roll = r.next();
        if (cites < citeCount && roll < 0.35) parts.push(claim());
        else if (roll < 0.4) parts.push(`Studies show that ${r.int(10, 60)}% of ${r.pick(POPULATIONS)} report relief.`);
        else if (roll < 0.45) parts.push(`Write to care@example.org or see https://example.org/help for **more** on \`dosing\`.`);
        else parts.push(`${sentence(r, r.int(8, 22))}.`);
      }
      const text = parts.join(' ');
      words += text.split(' ').length;
      lines.push(text, '');
    }
  }
  // Top up so every article has at least its drawn number of citations.
  while (cites < citeCount) lines.push(claim(), '');
  return `${lines.join('\n')}\n`;
}

/** Writes the project to `dir` (removing what was there) and returns the ground truth. */
export function generateProject(dir, { articles, items, seed = 1, bib = 'json', shape }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'articles'), { recursive: true });
  mkdirSync(join(dir, 'references'), { recursive: true });
  const { items: list, plantedDuplicates, updatesWithOwnDoi } = generateBibliography(items, seed);
  if (bib === 'yaml') {
    for (const item of list) writeFileSync(join(dir, 'references', `${item.id}.yaml`), toYaml(item));
  } else {
    writeFileSync(join(dir, 'references', 'library.json'), `${JSON.stringify(list, null, 2)}\n`);
  }
  const itemsById = new Map(list.map((item) => [item.id, item]));
  const keys = list.map((item) => item.id);
  const keysByTopic = new Map();
  for (const item of list) for (const t of item.topics ?? []) keysByTopic.set(t, [...(keysByTopic.get(t) ?? []), item.id]);
  const r = rng(seed * 104729 + 3);
  for (let i = 0; i < articles; i++) {
    const name = `article-${String(i + 1).padStart(5, '0')}.md`;
    writeFileSync(join(dir, 'articles', name), generateArticle(r, i + 1, keys, itemsById, keysByTopic, shape));
  }
  const truth = { seed, articles, items: list.length, plantedDuplicates, updatesWithOwnDoi };
  writeFileSync(join(dir, 'ground-truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i === -1 ? fallback : args[i + 1];
  };
  const dir = args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  if (!dir) {
    process.stderr.write('Usage: node tests/bench/generate.mjs DIR --articles N --items M [--seed S] [--bib json|yaml]\n');
    process.exit(2);
  }
  const truth = generateProject(dir, {
    articles: Number(flag('articles', '100')),
    items: Number(flag('items', '1000')),
    seed: Number(flag('seed', '1')),
    bib: flag('bib', 'json'),
  });
  process.stdout.write(`${dir}: ${truth.articles} articles, ${truth.items} items, ${truth.plantedDuplicates.length} planted duplicates, ${truth.updatesWithOwnDoi.length} same-title updates\n`);
}
