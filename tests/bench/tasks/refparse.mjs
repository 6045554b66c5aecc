/**
 * Reference-string parsing, in one process: 1,000 generated reference
 * strings in the layouts health articles print (Vancouver, AMA, APA,
 * Harvard, Nature, IEEE, Chicago, web pages), parsed with the built
 * `parseReference`. Target: the 1,000 in under 2 s (`parseMs`, wall; `parseCpuMs` is
 * the CPU time, which a busy machine inflates less). Prints one JSON line.
 *
 *   node tests/bench/tasks/refparse.mjs [dist/index.js] [count]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = pathToFileURL(resolve(process.argv[2] ?? 'dist/index.js')).href;
const count = Number(process.argv[3] ?? 1000);

// A small seeded generator (mulberry32), so every run parses the same strings.
let seed = 20240917;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

const families = ['Smith', 'Okafor', 'Nguyen', 'García-López', 'van der Berg', 'McAllister', 'Haddad', 'Lindqvist', 'Tanaka', 'Müller', 'Patel', 'Mensah'];
const words = ['ketamine', 'infusion', 'chronic', 'pain', 'neuropathic', 'trial', 'outcomes', 'adults', 'review', 'opioid', 'therapy', 'randomised', 'cohort', 'sleep', 'depression', 'migraine'];
const journals = [['Journal of Pain Research', 'J Pain Res'], ['Pain Medicine', 'Pain Med'], ['British Journal of Anaesthesia', 'Br J Anaesth'], ['The Lancet', 'Lancet']];
const title = () => {
  const t = Array.from({ length: int(5, 14) }, () => pick(words)).join(' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
};
const initials = () => pick(['A', 'B', 'C', 'J', 'M', 'S']) + (random() < 0.5 ? pick(['A', 'K', 'P', 'R']) : '');
const doi = () => `10.${int(1000, 9999)}/${pick(['j.pain', 'bja', 'pm'])}.${int(2000, 2024)}.${int(100, 999)}`;
const styles = [
  () => `${Array.from({ length: int(1, 6) }, () => `${pick(families)} ${initials()}`).join(', ')}. ${title()}. ${pick(journals)[1]}. ${int(1990, 2024)};${int(1, 300)}(${int(1, 12)}):${int(1, 900)}-${int(10, 99)}. doi: ${doi()}. PMID: ${int(10000000, 39999999)}.`,
  () => `${pick(families)} ${initials()}, ${pick(families)} ${initials()}. ${title()}. ${pick(journals)[1]}. ${int(1990, 2024)};${int(1, 300)}:${int(1, 900)}-${int(901, 999)}. doi:${doi()}`,
  () => `${pick(families)}, ${initials()[0]}. ${initials()[0]}., & ${pick(families)}, ${initials()[0]}. (${int(1990, 2024)}). ${title()}. ${pick(journals)[0]}, ${int(1, 120)}(${int(1, 12)}), ${int(1, 500)}–${int(501, 999)}. https://doi.org/${doi()}`,
  () => `${pick(families)}, ${initials()[0]}. and ${pick(families)}, ${initials()[0]}. (${int(1990, 2024)}) '${title()}', ${pick(journals)[0]}, ${int(1, 120)}(${int(1, 12)}), pp. ${int(1, 500)}–${int(501, 999)}.`,
  () => `${pick(families)}, ${initials()[0]}. et al. ${title()}. ${pick(['Nat. Med.', 'J. Neurosci.', 'Pain'])} ${int(1, 600)}, ${int(1, 900)}–${int(901, 999)} (${int(1990, 2024)}).`,
  () => `[${int(1, 60)}] ${initials()[0]}. ${pick(families)} and ${initials()[0]}. ${pick(families)}, “${title()},” ${pick(['IEEE Trans. Biomed. Eng.', 'J. Pain Res.'])}, vol. ${int(1, 70)}, no. ${int(1, 12)}, pp. ${int(1, 500)}–${int(501, 999)}, ${pick(['Jan.', 'Mar.', 'Oct.'])} ${int(1990, 2024)}.`,
  () => `${pick(families)}, ${pick(['Anna', 'Marcus', 'Priya'])}, and ${pick(['Lars', 'Mei'])} ${pick(families)}. ${int(1990, 2024)}. “${title()}.” ${pick(journals)[0]} ${int(1, 99)} (${int(1, 12)}): ${int(1, 500)}–${int(10, 99)}.`,
  () => `${pick(['World Health Organization', 'Mayo Clinic', 'National Institute for Health and Care Excellence'])}. ${title()} [Internet]. ${pick(['Geneva', 'London'])}: ${pick(['WHO', 'NICE'])}; ${int(2000, 2024)} [cited ${int(2020, 2025)} Mar ${int(1, 28)}]. Available from: https://www.example.org/${pick(words)}`,
  () => `${title()}. ${pick(['Mayo Clinic', 'Cleveland Clinic'])}. Published ${pick(['March', 'June'])} ${int(1, 28)}, ${int(2010, 2024)}. Accessed April ${int(1, 28)}, ${int(2020, 2025)}. https://www.example.org/${pick(words)}`,
];
const strings = Array.from({ length: count }, () => pick(styles)());

let t = performance.now();
const { parseReference } = await import(dist);
const importMs = performance.now() - t;
t = performance.now();
parseReference(strings[0]); // loads the model
const firstMs = performance.now() - t;
t = performance.now();
const cpu = process.cpuUsage();
let unparsed = 0;
for (const s of strings) if (parseReference(s).confidence < 0.5) unparsed += 1;
const parseMs = performance.now() - t;
const used = process.cpuUsage(cpu);
const parseCpuMs = (used.user + used.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ strings: count, importMs: Math.round(importMs), firstParseMs: Math.round(firstMs), parseMs: Math.round(parseMs), parseCpuMs: Math.round(parseCpuMs), perStringMs: Number((parseMs / count).toFixed(3)), unparsed, rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
