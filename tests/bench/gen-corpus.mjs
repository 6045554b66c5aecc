#!/usr/bin/env node
// Deterministic corpus generator for citation-lint benchmarks (plain Node, no dependencies).
// A copy of the product's shared bench generator, unchanged but for these two lines, so `npm run bench` and the
// tests can make this corpus shape from a clone of the repository alone.
// A second corpus shape for `npm run bench`: one sentence per line, many unknown keys and
// claim/topic mismatches, a 20,000-item CSL-JSON bibliography with planted duplicates and hard negatives.
//
//   node gen-corpus.mjs --articles 100 --refs 1000 --seed 42 --out OUT_DIR/corpus-small
//   node gen-corpus.mjs --articles 2000 --refs 20000 --seed 42 --out OUT_DIR/corpus-large
//
// Writes:
//   OUT/articles/article-NNNNN.md     Markdown with YAML front matter and pandoc citations
//                                     ([@key], [@a; @b, p. 4], [see @k, chap. 2], @key narrative, [-@key])
//   OUT/references/library.json       CSL-JSON array of exactly --refs entries (article-journal), of which
//                                     ~--dup-rate (default 3%) are near-duplicates of another entry
//   OUT/planted-duplicates.json       ground truth: [{original, duplicate, mutations:[...]}]
//   OUT/ground-truth.json             unknown keys, claim/topic mismatches, articles citing both halves
//                                     of a duplicate pair, hard negatives (same-title review updates)
//   OUT/manifest.json                 parameters and counts
//
// Same arguments => byte-identical output.

import fs from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------- args
const args = { articles: 100, refs: 1000, seed: '42', out: null, 'dup-rate': 0.03, 'unknown-rate': 0.01, 'mismatch-rate': 0.02, 'update-rate': 0.005 };
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a[i]);
    if (!m) { console.error(`unexpected argument ${a[i]}`); process.exit(2); }
    const v = m[2] !== undefined ? m[2] : a[++i];
    if (!(m[1] in args)) { console.error(`unknown option --${m[1]}`); process.exit(2); }
    args[m[1]] = v;
  }
  if (!args.out) {
    console.error('usage: node gen-corpus.mjs --articles N --refs M --seed S --out DIR [--dup-rate 0.03] [--unknown-rate 0.01] [--mismatch-rate 0.02] [--update-rate 0.005]');
    process.exit(2);
  }
  for (const k of ['articles', 'refs']) args[k] = parseInt(args[k], 10);
  for (const k of ['dup-rate', 'unknown-rate', 'mismatch-rate', 'update-rate']) args[k] = parseFloat(args[k]);
}

// ---------------------------------------------------------------- PRNG (xmur3 + sfc32)
function xmur3(str) {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) { h = Math.imul(h ^ str.charCodeAt(i), 3432918353); h = (h << 13) | (h >>> 19); }
  return () => { h = Math.imul(h ^ (h >>> 16), 2246822507); h = Math.imul(h ^ (h >>> 13), 3266489909); return (h ^= h >>> 16) >>> 0; };
}
function sfc32(a, b, c, d) {
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0; t = (t + d) | 0; c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
function makeRng(seed) { const s = xmur3(String(seed)); const r = sfc32(s(), s(), s(), s()); for (let i = 0; i < 15; i++) r(); return r; }
const rng = makeRng(`corpus:${args.seed}`);
const rand = () => rng();
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
const chance = (p) => rand() < p;
const normal = (mu, sd) => { const u = 1 - rand(), v = rand(); return mu + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); };
function shuffle(arr) { for (let i = arr.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [arr[i], arr[j]] = [arr[j], arr[i]]; } return arr; }
function weighted(pairs) { let tot = 0; for (const [, w] of pairs) tot += w; let x = rand() * tot; for (const [v, w] of pairs) { if ((x -= w) < 0) return v; } return pairs[pairs.length - 1][0]; }
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const fmt1 = (x) => x.toFixed(1);
const fmt2 = (x) => x.toFixed(2);

// ---------------------------------------------------------------- vocabulary
const TREATMENTS = [
  { id: 'ibuprofen', name: 'ibuprofen', cls: 'non-steroidal anti-inflammatory drug', mech: 'non-selective inhibition of cyclo-oxygenase', ae: ['dyspepsia', 'gastrointestinal bleeding', 'acute kidney injury'] },
  { id: 'naproxen', name: 'naproxen', cls: 'non-steroidal anti-inflammatory drug', mech: 'reversible inhibition of cyclo-oxygenase-1 and -2', ae: ['dyspepsia', 'peptic ulceration', 'fluid retention'] },
  { id: 'celecoxib', name: 'celecoxib', cls: 'selective COX-2 inhibitor', mech: 'selective inhibition of cyclo-oxygenase-2', ae: ['hypertension', 'peripheral oedema', 'cardiovascular events'] },
  { id: 'paracetamol', name: 'paracetamol', cls: 'simple analgesic', mech: 'central inhibition of prostaglandin synthesis', ae: ['hepatotoxicity in overdose', 'elevated transaminases'] },
  { id: 'tramadol', name: 'tramadol', cls: 'weak opioid', mech: 'mu-opioid agonism combined with serotonin and noradrenaline reuptake inhibition', ae: ['nausea', 'dizziness', 'seizures', 'serotonin syndrome'] },
  { id: 'morphine', name: 'morphine', cls: 'strong opioid', mech: 'full agonism at the mu-opioid receptor', ae: ['constipation', 'sedation', 'respiratory depression'] },
  { id: 'oxycodone', name: 'oxycodone', cls: 'strong opioid', mech: 'mu- and kappa-opioid receptor agonism', ae: ['constipation', 'nausea', 'opioid use disorder'] },
  { id: 'buprenorphine', name: 'buprenorphine', cls: 'partial opioid agonist', mech: 'partial mu-opioid agonism with kappa antagonism', ae: ['application-site reactions', 'nausea', 'headache'] },
  { id: 'gabapentin', name: 'gabapentin', cls: 'gabapentinoid', mech: 'binding to the alpha-2-delta subunit of voltage-gated calcium channels', ae: ['somnolence', 'dizziness', 'peripheral oedema'] },
  { id: 'pregabalin', name: 'pregabalin', cls: 'gabapentinoid', mech: 'modulation of the alpha-2-delta subunit of presynaptic calcium channels', ae: ['dizziness', 'weight gain', 'somnolence'] },
  { id: 'duloxetine', name: 'duloxetine', cls: 'serotonin-noradrenaline reuptake inhibitor', mech: 'enhancement of descending inhibitory pain pathways', ae: ['nausea', 'dry mouth', 'insomnia'] },
  { id: 'amitriptyline', name: 'amitriptyline', cls: 'tricyclic antidepressant', mech: 'inhibition of serotonin and noradrenaline reuptake and sodium channel blockade', ae: ['dry mouth', 'sedation', 'orthostatic hypotension'] },
  { id: 'lidocaine', name: 'topical lidocaine', cls: 'local anaesthetic', mech: 'blockade of voltage-gated sodium channels in peripheral nociceptors', ae: ['application-site erythema', 'pruritus'] },
  { id: 'capsaicin', name: 'high-concentration capsaicin', cls: 'TRPV1 agonist', mech: 'defunctionalisation of TRPV1-expressing nociceptive fibres', ae: ['application-site pain', 'transient hypertension'] },
  { id: 'ketamine', name: 'ketamine', cls: 'NMDA receptor antagonist', mech: 'non-competitive antagonism of the NMDA receptor', ae: ['dissociative symptoms', 'hallucinations', 'hypertension'] },
  { id: 'corticosteroid', name: 'epidural corticosteroid injection', cls: 'interventional procedure', mech: 'local suppression of inflammatory mediators around the nerve root', ae: ['post-dural puncture headache', 'transient hyperglycaemia'] },
  { id: 'rfa', name: 'radiofrequency ablation', cls: 'interventional procedure', mech: 'thermal coagulation of the medial branch nerves', ae: ['transient neuritis', 'procedural pain'] },
  { id: 'scs', name: 'spinal cord stimulation', cls: 'neuromodulation', mech: 'activation of dorsal column fibres and segmental inhibitory interneurons', ae: ['lead migration', 'device infection'] },
  { id: 'tens', name: 'transcutaneous electrical nerve stimulation', cls: 'electrotherapy', mech: 'activation of large-diameter afferents according to gate control theory', ae: ['skin irritation'] },
  { id: 'acupuncture', name: 'acupuncture', cls: 'complementary therapy', mech: 'release of endogenous opioids and modulation of central pain processing', ae: ['minor bleeding', 'needling pain'] },
  { id: 'exercise', name: 'exercise therapy', cls: 'physical therapy', mech: 'exercise-induced hypoalgesia and improved physical conditioning', ae: ['transient post-exercise soreness'] },
  { id: 'cbt', name: 'cognitive behavioural therapy', cls: 'psychological therapy', mech: 'modification of catastrophising and fear-avoidance beliefs', ae: ['transient emotional distress', 'fatigue'] },
  { id: 'mindfulness', name: 'mindfulness-based stress reduction', cls: 'psychological therapy', mech: 'altered attention to and appraisal of pain', ae: ['transient anxiety', 'fatigue'] },
  { id: 'cannabinoids', name: 'medical cannabis', cls: 'cannabinoid', mech: 'agonism at CB1 and CB2 cannabinoid receptors', ae: ['dizziness', 'dry mouth', 'cognitive impairment'] },
];
const T = Object.fromEntries(TREATMENTS.map((t) => [t.id, t]));

const CONDITIONS = [
  { id: 'lbp', name: 'chronic low back pain', pop: 'adults with chronic low back pain', outcome: ['Oswestry Disability Index', 'Roland-Morris Disability Questionnaire'], tx: ['ibuprofen', 'naproxen', 'celecoxib', 'paracetamol', 'tramadol', 'oxycodone', 'buprenorphine', 'duloxetine', 'corticosteroid', 'rfa', 'scs', 'tens', 'acupuncture', 'exercise', 'cbt', 'mindfulness'] },
  { id: 'koa', name: 'knee osteoarthritis', pop: 'patients with symptomatic knee osteoarthritis', outcome: ['WOMAC pain subscale', 'KOOS pain score'], tx: ['ibuprofen', 'naproxen', 'celecoxib', 'paracetamol', 'tramadol', 'duloxetine', 'capsaicin', 'rfa', 'tens', 'acupuncture', 'exercise', 'cbt'] },
  { id: 'dpn', name: 'painful diabetic peripheral neuropathy', pop: 'adults with painful diabetic neuropathy', outcome: ['average daily pain score', 'Neuropathic Pain Symptom Inventory'], tx: ['pregabalin', 'gabapentin', 'duloxetine', 'amitriptyline', 'capsaicin', 'lidocaine', 'tramadol', 'scs', 'cannabinoids', 'acupuncture'] },
  { id: 'phn', name: 'postherpetic neuralgia', pop: 'older adults with postherpetic neuralgia', outcome: ['average daily pain score', 'Neuropathic Pain Symptom Inventory'], tx: ['pregabalin', 'gabapentin', 'amitriptyline', 'lidocaine', 'capsaicin', 'tramadol', 'oxycodone'] },
  { id: 'fm', name: 'fibromyalgia', pop: 'women with fibromyalgia', outcome: ['Fibromyalgia Impact Questionnaire', 'Patient Global Impression of Change'], tx: ['pregabalin', 'duloxetine', 'amitriptyline', 'exercise', 'cbt', 'mindfulness', 'acupuncture', 'cannabinoids', 'tramadol'] },
  { id: 'mig', name: 'chronic migraine', pop: 'adults with chronic migraine', outcome: ['monthly migraine days', 'Headache Impact Test-6'], tx: ['ibuprofen', 'naproxen', 'paracetamol', 'amitriptyline', 'acupuncture', 'cbt', 'mindfulness', 'exercise'] },
  { id: 'postop', name: 'acute postoperative pain', pop: 'patients undergoing major abdominal surgery', outcome: ['24-hour opioid consumption', 'pain at rest at 24 hours'], tx: ['ibuprofen', 'celecoxib', 'paracetamol', 'morphine', 'oxycodone', 'ketamine', 'gabapentin', 'pregabalin', 'lidocaine', 'tens'] },
  { id: 'cancer', name: 'cancer pain', pop: 'patients with advanced cancer', outcome: ['Brief Pain Inventory worst pain', 'breakthrough pain episodes'], tx: ['morphine', 'oxycodone', 'buprenorphine', 'ketamine', 'paracetamol', 'cannabinoids', 'tens', 'acupuncture', 'mindfulness'] },
  { id: 'ra', name: 'rheumatoid arthritis pain', pop: 'patients with established rheumatoid arthritis', outcome: ['DAS28 pain component', 'Health Assessment Questionnaire'], tx: ['naproxen', 'celecoxib', 'ibuprofen', 'paracetamol', 'exercise', 'cbt', 'acupuncture'] },
  { id: 'crps', name: 'complex regional pain syndrome', pop: 'patients with complex regional pain syndrome type I', outcome: ['CRPS severity score', 'average daily pain score'], tx: ['ketamine', 'scs', 'gabapentin', 'amitriptyline', 'corticosteroid', 'exercise', 'tens'] },
  { id: 'neck', name: 'chronic neck pain', pop: 'office workers with chronic non-specific neck pain', outcome: ['Neck Disability Index', 'pain intensity on a visual analogue scale'], tx: ['ibuprofen', 'paracetamol', 'rfa', 'acupuncture', 'exercise', 'tens', 'cbt', 'mindfulness'] },
  { id: 'scd', name: 'sickle cell vaso-occlusive crisis', pop: 'children and adults presenting with vaso-occlusive crisis', outcome: ['time to crisis resolution', 'cumulative opioid dose'], tx: ['morphine', 'ketamine', 'ibuprofen', 'lidocaine', 'paracetamol'] },
];
const C = Object.fromEntries(CONDITIONS.map((c) => [c.id, c]));

const FAMILY = ['Nguyen', 'Smith', 'Müller', 'García', 'Wang', 'Li', 'Zhang', 'Kim', 'Park', 'Johnson', 'Williams', 'Brown', 'Jones', 'Martin', 'Bernard', 'Dubois', 'Rossi', 'Russo', 'Ferrari', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Hansen', 'Nielsen', 'Jensen', 'Andersson', 'Johansson', 'Larsson', 'Virtanen', 'Korhonen', 'Kowalski', 'Nowak', 'Novák', 'Horváth', 'Popescu', 'Ivanov', 'Petrov', 'Silva', 'Santos', 'Oliveira', 'Pereira', 'Costa', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', 'Yamamoto', 'Sato', 'Chen', 'Liu', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Singh', 'Kumar', 'Sharma', 'Patel', 'Gupta', 'Khan', 'Ahmed', 'Hassan', 'Ali', 'Rahman', "O'Brien", 'Murphy', 'Kelly', 'Walsh', 'MacDonald', 'Campbell', 'Stewart', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Clarke', 'Wright', 'Turner', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Harris', 'Lewis', 'Walker', 'Robinson', 'Thompson', 'White', 'Jackson', 'Moore', 'Anderson', 'Cohen', 'Levi', 'Friedman', 'van der Berg', 'de Vries', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Peeters', 'Maes', 'Jacobs', 'Mertens', 'Lambert', 'Moreau', 'Laurent', 'Lefebvre', 'Fontaine', 'Girard', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Conti', 'Mancini', 'Costa', 'Yilmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Papadopoulos', 'Georgiou', 'Nakamura', 'Kobayashi', 'Ito', 'Okafor', 'Adeyemi', 'Mensah', 'Mwangi', 'Ochieng', 'Botha', 'Naidoo', 'Reddy', 'Rao', 'Iyer', 'Nair', 'Das', 'Bose', 'Mehta', 'Shah'];
const GIVEN = ['Maria', 'Anna', 'Sarah', 'Emma', 'Laura', 'Julia', 'Sofia', 'Elena', 'Claire', 'Hannah', 'Yuki', 'Mei', 'Wei', 'Jing', 'Min-Jun', 'Ji-Woo', 'Priya', 'Aisha', 'Fatima', 'Amara', 'Ingrid', 'Astrid', 'Katarzyna', 'Zsófia', 'Ioana', 'Olga', 'Ana', 'Beatriz', 'Lucía', 'Chiara', 'Giulia', 'Marie', 'Camille', 'Léa', 'Rachel', 'Rebecca', 'Helen', 'Jennifer', 'Susan', 'Karen', 'James', 'John', 'Robert', 'Michael', 'David', 'Richard', 'Thomas', 'Daniel', 'Mark', 'Paul', 'Andrew', 'Peter', 'Stefan', 'Lars', 'Mikko', 'Piotr', 'Tomáš', 'Andrei', 'Dmitri', 'João', 'Pedro', 'Carlos', 'Javier', 'Alejandro', 'Marco', 'Luca', 'Giovanni', 'Pierre', 'Jean', 'Luc', 'Hiroshi', 'Kenji', 'Takashi', 'Hao', 'Jun', 'Lei', 'Rahul', 'Arjun', 'Vikram', 'Omar', 'Ahmed', 'Yusuf', 'Chinedu', 'Kwame', 'Sipho', 'Noah', 'Liam', 'Ethan', 'Samuel', 'Benjamin', 'Jakob', 'Felix', 'Matthias', 'Henrik', 'Sven', 'Erik', 'Hugo', 'Ali', 'Mehmet', 'Nikos'];

// journal: name, DOI builder (issueYear, counter) -> DOI
const pad = (n, w) => String(n).padStart(w, '0');
const JOURNALS = [
  { name: 'Pain', w: 10, doi: (y, n) => `10.1097/j.pain.${pad(1000000 + n, 16)}` },
  { name: 'The Journal of Pain', w: 7, doi: (y, n) => `10.1016/j.jpain.${y}.${pad(1 + (n % 12), 2)}.${pad(n % 1000, 3)}` },
  { name: 'BMJ', w: 4, doi: (y, n) => `10.1136/bmj.${String.fromCharCode(97 + (n % 26))}${pad(1000 + (n % 9000), 4)}` },
  { name: 'The Lancet', w: 2, doi: (y, n) => `10.1016/S0140-6736(${pad(y % 100, 2)})${pad(n % 100000, 5)}-${n % 10}` },
  { name: 'JAMA', w: 2, doi: (y, n) => `10.1001/jama.${y}.${pad(n % 100000, 5)}` },
  { name: 'Anesthesia & Analgesia', w: 5, doi: (y, n) => `10.1213/ANE.${pad(n, 16)}` },
  { name: 'Anesthesiology', w: 4, doi: (y, n) => `10.1097/ALN.${pad(n, 16)}` },
  { name: 'British Journal of Anaesthesia', w: 4, doi: (y, n) => `10.1016/j.bja.${y}.${pad(1 + (n % 12), 2)}.${pad(n % 1000, 3)}` },
  { name: 'Regional Anesthesia and Pain Medicine', w: 4, doi: (y, n) => `10.1136/rapm-${y}-${pad(100000 + (n % 900000), 6)}` },
  { name: 'Pain Medicine', w: 5, doi: (y, n) => `10.1093/pm/pn${String.fromCharCode(97 + (n % 26))}${pad(n % 1000, 3)}` },
  { name: 'European Journal of Pain', w: 5, doi: (y, n) => `10.1002/ejp.${1000 + n}` },
  { name: 'The Clinical Journal of Pain', w: 5, doi: (y, n) => `10.1097/AJP.${pad(n, 16)}` },
  { name: 'Journal of Pain Research', w: 4, doi: (y, n) => `10.2147/JPR.S${pad(100000 + (n % 900000), 6)}` },
  { name: 'Pain Physician', w: 3, doi: (y, n) => `10.36076/ppj.${y}.${pad(n % 1000, 3)}` },
  { name: 'Cochrane Database of Systematic Reviews', w: 3, doi: (y, n) => `10.1002/14651858.CD${pad(n % 1000000, 6)}.pub${1 + (n % 4)}` },
  { name: 'Annals of Internal Medicine', w: 2, doi: (y, n) => `10.7326/M${pad(y % 100, 2)}-${pad(n % 10000, 4)}` },
  { name: 'Spine', w: 3, doi: (y, n) => `10.1097/BRS.${pad(n, 16)}` },
  { name: 'Cephalalgia', w: 2, doi: (y, n) => `10.1177/0333102${pad(n % 1000000000, 9)}` },
  { name: 'Headache', w: 2, doi: (y, n) => `10.1111/head.${10000 + n}` },
  { name: 'Arthritis & Rheumatology', w: 2, doi: (y, n) => `10.1002/art.${30000 + n}` },
  { name: 'Osteoarthritis and Cartilage', w: 2, doi: (y, n) => `10.1016/j.joca.${y}.${pad(1 + (n % 12), 2)}.${pad(n % 1000, 3)}` },
  { name: 'Diabetes Care', w: 1, doi: (y, n) => `10.2337/dc${pad(y % 100, 2)}-${pad(n % 10000, 4)}` },
  { name: 'Journal of Clinical Oncology', w: 1, doi: (y, n) => `10.1200/JCO.${y}.${pad(n % 100, 2)}.${pad(n % 10000, 4)}` },
  { name: 'Neurology', w: 2, doi: (y, n) => `10.1212/WNL.${pad(n, 16)}` },
];
const journalPairs = JOURNALS.map((j) => [j, j.w]);

const DESIGN_SUFFIX = [
  ['a randomized controlled trial', 8], ['a randomized, double-blind, placebo-controlled trial', 6], ['a systematic review and meta-analysis', 6],
  ['a network meta-analysis', 2], ['a prospective cohort study', 3], ['a retrospective cohort study', 3], ['a multicentre randomized clinical trial', 3],
  ['a pragmatic randomized trial', 2], ['a crossover trial', 2], ['a pilot randomized controlled trial', 2], ['a Bayesian reanalysis', 1],
  ['a population-based study', 2], ['secondary analysis of a randomized clinical trial', 2], ['a noninferiority trial', 1], ['an umbrella review', 1],
];
const POPULATION_MOD = ['', '', '', 'in older adults', 'in primary care', 'in veterans', 'after total knee arthroplasty', 'in the emergency department', 'in women', 'in adolescents', 'in patients with comorbid depression', 'in low-income settings', 'in people with opioid use disorder', 'in community-dwelling adults', 'in outpatient clinics', 'in a multidisciplinary pain programme'];
const DURATION = ['4-week', '8-week', '12-week', '16-week', '6-month', '12-month', '2-year'];
const OUTCOME_T = ['pain intensity', 'physical function', 'health-related quality of life', 'opioid consumption', 'sleep quality', 'return to work', 'pain interference', 'patient-reported global improvement', 'healthcare utilisation', 'emergency department revisits'];
const COMPARATOR = ['placebo', 'usual care', 'sham stimulation', 'waiting-list control', 'active control'];

function titleFor(t, c) {
  const tn = t.name, cn = c.name;
  const tpl = int(0, 13);
  const d = weighted(DESIGN_SUFFIX);
  const p = pick(POPULATION_MOD);
  const pp = p ? ` ${p}` : '';
  switch (tpl) {
    case 0: return `Efficacy and safety of ${tn} for ${cn}${pp}: ${d}`;
    case 1: return `${cap(tn)} versus ${pick(COMPARATOR)} for ${cn}${pp}: ${d}`;
    case 2: return `Effect of ${tn} on ${pick(OUTCOME_T)} among patients with ${cn}${pp}: ${d}`;
    case 3: return `Long-term outcomes of ${tn} in ${cn}: a ${int(2, 10)}-year follow-up`;
    case 4: return `${cap(tn)} for the management of ${cn}${pp}: ${d}`;
    case 5: return `Comparative effectiveness of ${tn} and ${pick(TREATMENTS).name} for ${cn}${pp}`;
    case 6: return `Association between ${tn} use and ${pick(t.ae)} in patients with ${cn}`;
    case 7: return `A ${pick(DURATION)} trial of ${tn} for ${cn}${pp}`;
    case 8: return `Predictors of response to ${tn} in ${cn}: ${d}`;
    case 9: return `${cap(tn)} added to standard care for ${cn}${pp}: ${d}`;
    case 10: return `Dose-response relationship of ${tn} in ${cn}${pp}`;
    case 11: return `Cost-effectiveness of ${tn} for ${cn}${pp}: an economic evaluation alongside ${d.replace(/^an? /, 'a ')}`;
    case 12: return `Patient-reported ${pick(OUTCOME_T)} with ${tn} in ${cn}${pp}`;
    default: return `${cap(tn)} in ${cn}${pp}: ${d}`;
  }
}

const alnum = (s) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^0-9A-Za-z]/g, '').toLowerCase();
const STOP = new Set(['a', 'an', 'the', 'of', 'and', 'for', 'in', 'on', 'to', 'with', 'versus', 'among', 'between', 'efficacy', 'effect', 'safety', 'long-term', 'comparative', 'association', 'predictors', 'dose-response', 'cost-effectiveness', 'patient-reported', 'outcomes', 'effectiveness', 'response', 'trial', 'topical', 'high-concentration']);
function firstWord(title) { for (const w of title.toLowerCase().split(/[^a-z0-9-]+/)) { if (w && !STOP.has(w) && !/^\d/.test(w)) return w.replace(/-/g, ''); } return 'study'; }

function makeAuthors() {
  const n = weighted([[1, 3], [2, 6], [3, 10], [4, 12], [5, 12], [6, 14], [7, 8], [8, 8], [10, 4], [12, 2]]);
  const out = [];
  for (let i = 0; i < n; i++) {
    let given = pick(GIVEN);
    if (chance(0.4)) given += ` ${String.fromCharCode(65 + int(0, 25))}.`;
    out.push({ family: pick(FAMILY), given });
  }
  return out;
}

// ---------------------------------------------------------------- references
const M = args.refs;
const nDup = Math.round(M * args['dup-rate']);
const nUpdate = Math.round(M * args['update-rate']); // same-title review updates: NOT duplicates (hard negatives)
const nOrig = M - nDup - nUpdate;
const usedIds = new Set();
const usedTitles = new Set();
function makeId(family, year, title) {
  const base = `${alnum(family)}${year}${firstWord(title)}`;
  let id = base, k = 0;
  while (usedIds.has(id)) id = base + String.fromCharCode(97 + (k++ % 26)) + (k > 26 ? Math.floor(k / 26) : '');
  usedIds.add(id);
  return id;
}
let doiCounter = int(1000, 9000);
// DOIs are unique across the library (compared as bibtex-tidy does: alphanumerics, case-folded).
// A collision is resolved without drawing from the PRNG, so the rest of the corpus does not change.
const usedDois = new Set();
const doiKey = (d) => d.replace(/[^0-9A-Za-z]/g, '').toLowerCase();
function uniqueDoi(build, n) {
  let d = build(n);
  for (let bump = 1; usedDois.has(doiKey(d)); bump++) d = build(n + bump * 7919);
  usedDois.add(doiKey(d));
  return d;
}
const originals = [];
const txCondPairs = [];
for (const c of CONDITIONS) for (const t of c.tx) txCondPairs.push([t, c.id]);
for (let i = 0; i < nOrig; i++) {
  const [tid, cid] = pick(txCondPairs);
  const t = T[tid], c = C[cid];
  let title;
  for (let tries = 0; ; tries++) {
    title = titleFor(t, c);
    if (tries > 20) title = `${title} (${pick(['the', 'a'])} ${pick(['PAIN', 'RELIEF', 'ACTIVE', 'SPARE', 'COMFORT', 'STRIDE', 'BALANCE', 'HORIZON'])}-${int(1, 999)} study)`;
    if (!usedTitles.has(alnum(title))) break;
  }
  usedTitles.add(alnum(title));
  const year = weighted([[int(1995, 2004), 1], [int(2005, 2014), 3], [int(2015, 2024), 6]]);
  const j = weighted(journalPairs);
  const authors = makeAuthors();
  const volume = Math.max(1, year - 1975 + int(-5, 120));
  const first = int(1, 2400), len = int(5, 16);
  const entry = {
    id: makeId(authors[0].family, year, title),
    type: 'article-journal',
    title,
    author: authors,
    issued: { 'date-parts': chance(0.7) ? [[year, int(1, 12)]] : [[year]] },
    'container-title': j.name,
    volume: String(volume),
    issue: String(int(1, 12)),
    page: `${first}-${first + len}`,
    DOI: uniqueDoi((n) => j.doi(year, n), doiCounter += int(1, 97)),
  };
  if (j.name === 'Pain Physician' && chance(0.5)) delete entry.DOI;
  originals.push({ entry, tid, cid });
}

// near duplicates
function titleCaseOf(s) {
  const small = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'versus', 'with', 'among', 'between']);
  return s.split(' ').map((w, i) => (i > 0 && small.has(w.toLowerCase()) && !/:$/.test(s.split(' ')[i - 1] || '') ? w.toLowerCase() : w.split('-').map((p) => cap(p)).join('-'))).join(' ');
}
function punctVariant(s) {
  const opts = [];
  if (s.includes(': ')) { opts.push((x) => x.replace(': ', ' - ')); opts.push((x) => x.replace(': ', '. ')); opts.push((x) => x.replace(': ', ' \u2014 ')); }
  if (/\w-\w/.test(s)) opts.push((x) => x.replace(/(\w)-(\w)/, '$1 $2'));
  if (s.includes(', ')) opts.push((x) => x.replace(', ', ' '));
  opts.push((x) => `${x}.`);
  if (/\w-\w/.test(s)) opts.push((x) => x.replace(/(\w)-(\w)/, '$1\u2013$2'));
  return pick(opts)(s);
}
const planted = [];
const dupEntries = [];
const dupSources = shuffle(originals.map((_, i) => i)).slice(0, nDup);
const MUTS = ['title-case', 'title-punct', 'year', 'no-doi'];
for (const si of dupSources) {
  const o = originals[si];
  const e = JSON.parse(JSON.stringify(o.entry));
  const muts = [pick(MUTS)];
  if (chance(0.5)) { let m2; do m2 = pick(MUTS); while (m2 === muts[0]); muts.push(m2); }
  if (chance(0.08)) muts.push('title-ampersand'); // "and" <-> "&" (changes the word sequence, not only punctuation)
  muts.sort();
  for (const m of muts) {
    if (m === 'title-case') e.title = titleCaseOf(e.title);
    else if (m === 'title-punct') e.title = punctVariant(e.title);
    else if (m === 'title-ampersand') e.title = e.title.includes(' and ') ? e.title.replace(' and ', ' & ') : e.title.replace(/ versus /, ' vs. ');
    else if (m === 'year') { const y = e.issued['date-parts'][0][0] + (chance(0.5) ? 1 : -1); e.issued = { 'date-parts': [[y]] }; }
    else if (m === 'no-doi') delete e.DOI;
  }
  if (e.title === o.entry.title && muts.includes('title-ampersand')) muts.splice(muts.indexOf('title-ampersand'), 1);
  const year = e.issued['date-parts'][0][0];
  e.id = makeId(e.author[0].family, year, e.title);
  dupEntries.push(e);
  planted.push({ original: o.entry.id, duplicate: e.id, mutations: muts });
  o.dupId = e.id;
}
// hard negatives: Cochrane-style updates (same authors and title, new year, new DOI): NOT duplicates
const hardNegatives = [];
const updEntries = [];
const updSources = shuffle(originals.map((_, i) => i).filter((i) => originals[i].dupId === undefined)).slice(0, nUpdate);
for (const si of updSources) {
  const o = originals[si];
  const e = JSON.parse(JSON.stringify(o.entry));
  const y = Math.min(2025, e.issued['date-parts'][0][0] + int(3, 8));
  e.issued = { 'date-parts': [[y]] };
  e['container-title'] = 'Cochrane Database of Systematic Reviews';
  e.volume = String(y - 1995); e.issue = String(int(1, 12)); e.page = `CD${pad(int(1000, 15000), 6)}`;
  { const cd = int(1000, 15000), pub = int(2, 5); e.DOI = uniqueDoi((n) => `10.1002/14651858.CD${pad(n, 6)}.pub${pub}`, cd); }
  e.id = makeId(e.author[0].family, y, e.title);
  updEntries.push(e);
  hardNegatives.push({ a: o.entry.id, b: e.id, reason: 'review update: same authors and title, different year and DOI' });
}
const library = shuffle([...originals.map((o) => o.entry), ...dupEntries, ...updEntries]);
const refMeta = new Map();
for (const o of originals) refMeta.set(o.entry.id, { tid: o.tid, cid: o.cid, entry: o.entry, dupId: o.dupId });
for (const p of planted) { const o = refMeta.get(p.original); refMeta.set(p.duplicate, { tid: o.tid, cid: o.cid, entry: dupEntries.find((d) => d.id === p.duplicate) }); }
const byTx = new Map(), byTxCond = new Map();
for (const o of originals) {
  if (!byTx.has(o.tid)) byTx.set(o.tid, []);
  byTx.get(o.tid).push(o);
  const k = `${o.tid}|${o.cid}`;
  if (!byTxCond.has(k)) byTxCond.set(k, []);
  byTxCond.get(k).push(o);
}
const byCond = new Map();
for (const o of originals) { if (!byCond.has(o.cid)) byCond.set(o.cid, []); byCond.get(o.cid).push(o); }

// ---------------------------------------------------------------- articles
function num(lo, hi) { return int(lo, hi).toLocaleString('en-US'); }
const LOCATORS = [() => `p. ${int(2, 30)}`, () => { const a = int(100, 900); return `pp. ${a}\u2013${a + int(1, 6)}`; }, () => `chap. ${int(1, 9)}`, () => `sec. ${int(1, 6)}.${int(1, 4)}`, () => `fig. ${int(1, 5)}`, () => `para. ${int(2, 12)}`];
const PREFIX = ['see', 'e.g.,', 'cf.', 'see also', 'reviewed in'];

// Each generator returns [templateId, text]; an article avoids reusing a template for the same topic.
function claimSentence(t, c) {
  const T1 = cap(t.name);
  const ae = pick(t.ae);
  const oc = pick(c.outcome);
  const cmp = pick(COMPARATOR);
  const md = fmt1(0.4 + rand() * 2.2), lo = fmt1(0.1 + rand() * 0.4), smd = fmt2(0.15 + rand() * 0.6);
  const line = pick(['first-line', 'second-line', 'third-line', 'adjunctive']);
  const s = [
    () => `In a randomized trial of ${num(48, 1200)} ${c.pop}, ${t.name} reduced mean pain intensity on the 0\u201310 numeric rating scale by ${md} points compared with ${cmp} CITE.`,
    () => `A meta-analysis of ${int(4, 38)} trials found a standardized mean difference of \u2212${smd} (95% CI \u2212${fmt2(+smd + 0.2)} to \u2212${fmt2(Math.max(0.01, +smd - 0.15))}) in favour of ${t.name} CITE.`,
    () => `${T1} acts through ${t.mech}, which may explain its benefit in ${c.name} CITE.`,
    () => `Adverse events, most commonly ${ae}, were reported in ${int(4, 41)}% of participants receiving ${t.name} CITE.`,
    () => `Current guidelines recommend ${t.name} as ${/^a/.test(line) ? 'an' : 'a'} ${line} option for ${c.name} when ${pick(['simple analgesia has failed', 'comorbidities allow', 'functional goals are agreed in advance', 'the patient prefers a non-pharmacological approach'])} CITE.`,
    () => `The proportion of participants achieving at least 30% pain relief was ${int(30, 62)}% with ${t.name} versus ${int(18, 40)}% with ${cmp} CITE.`,
    () => `Improvements in the ${oc} were sustained at ${pick(['12 weeks', '6 months', '12 months', '24 months'])} of follow-up in patients treated with ${t.name} CITE.`,
    () => `Observational data suggest that ${t.name} is associated with a ${int(10, 45)}% lower risk of ${pick(['emergency department visits', 'hospital admission', 'long-term opioid use', 'work disability'])} in ${c.name} CITE.`,
    () => `The number needed to treat for one additional patient to obtain moderate benefit with ${t.name} was ${fmt1(3 + rand() * 8)} CITE.`,
    () => `Discontinuation because of ${ae} was ${pick(['uncommon', 'more frequent than with placebo', 'the main reason for withdrawal', 'dose dependent'])} in trials of ${t.name} CITE.`,
    () => `Head-to-head comparisons of ${t.name} with other ${t.cls === 'interventional procedure' ? 'procedures' : 'treatments'} for ${c.name} remain scarce CITE.`,
    () => `Among ${c.pop}, ${t.name} improved the ${oc} by ${md} points (95% CI ${lo} to ${fmt1(+md + 0.6)}) CITE.`,
    () => `As a ${t.cls}, ${t.name} is widely used in ${c.name}, yet the evidence base for this indication is ${pick(['limited', 'modest', 'of variable quality', 'growing'])} CITE.`,
    () => `A Cochrane review concluded that ${t.name} provides ${pick(['small', 'moderate', 'clinically uncertain', 'short-lived'])} benefits for ${c.name}, with ${pick(['low', 'very low', 'moderate'])}-certainty evidence CITE.`,
    () => `Responder analyses showed that ${int(20, 45)}% of participants treated with ${t.name} reported being much or very much improved on the Patient Global Impression of Change CITE.`,
    () => `The effect of ${t.name} on the ${oc} was larger in participants with ${pick(['higher baseline pain', 'shorter symptom duration', 'fewer depressive symptoms', 'neuropathic features'])} CITE.`,
    () => `In older patients, the risk of ${ae} with ${t.name} ${pick(['rose steeply with dose', 'was roughly doubled', 'did not differ from placebo', 'was lower than expected'])} CITE.`,
    () => `Pooled data from ${num(800, 9000)} participants indicated no clear benefit of ${t.name} over ${cmp} beyond ${pick(['four weeks', 'three months', 'six months'])} CITE.`,
    () => `Long-term registry data did not identify new safety signals for ${t.name} in ${c.name} CITE.`,
    () => `Titration schedules for ${t.name} varied widely across trials, which complicates the interpretation of dose-response relationships CITE.`,
  ];
  const i = int(0, s.length - 1);
  return [i, s[i]()];
}
function condSentence(c) {
  const s = [
    () => `${cap(c.name)} affects an estimated ${int(2, 20)}% of adults and is a leading cause of years lived with disability CITE.`,
    () => `The pathophysiology of ${c.name} involves both peripheral and central sensitisation CITE.`,
    () => `Outcomes in ${c.name} are usually assessed with the ${pick(c.outcome)} and a 0\u201310 numeric rating scale CITE.`,
    () => `Management of ${c.name} is increasingly multimodal, combining pharmacological and non-pharmacological approaches CITE.`,
    () => `Direct and indirect costs attributable to ${c.name} exceed those of many other chronic conditions CITE.`,
    () => `Psychological factors such as catastrophising and low self-efficacy predict persistent disability in ${c.name} CITE.`,
    () => `Sleep disturbance and depressive symptoms are common among ${c.pop} and amplify the experience of pain CITE.`,
    () => `The natural history of ${c.name} is variable, and many patients experience fluctuating symptoms over years CITE.`,
    () => `Prescribing patterns for ${c.name} differ markedly between countries and care settings CITE.`,
    () => `Core outcome sets for trials in ${c.name} recommend measuring pain intensity, physical function and emotional functioning CITE.`,
  ];
  const i = int(0, s.length - 1);
  return [100 + i, s[i]()];
}
function discSentence(t1, t2, c) {
  const s = [
    () => `Indirect comparisons suggest that ${t1.name} and ${t2.name} have broadly similar efficacy in ${c.name} CITE.`,
    () => `Combining ${t1.name} with ${t2.name} may allow lower doses of each, although few trials have tested this strategy CITE.`,
    () => `Patients' preferences between ${t1.name} and ${t2.name} are shaped by previous experience, cost and access CITE.`,
    () => `Network meta-analyses rank ${t1.name} above ${t2.name} for pain relief but below it for tolerability CITE.`,
  ];
  const i = int(0, s.length - 1);
  return [200 + i, s[i]()];
}
const FILLER = [
  'However, the certainty of the evidence was rated as low to moderate.',
  'Most trials were short and excluded patients with significant comorbidity.',
  'Heterogeneity between studies was substantial, reflecting differences in dose, duration and outcome measures.',
  'These findings should be interpreted in light of the risk of bias in the included trials.',
  'Few studies reported outcomes beyond three months.',
  'Clinicians should discuss the expected magnitude of benefit and the likely adverse effects with each patient.',
  'The minimal clinically important difference was not reached in several secondary analyses.',
  'Shared decision-making remains central to selecting an appropriate regimen.',
  'Attrition was higher in the active arms, which may have biased the results towards the null.',
  'Funding by manufacturers was common and was not always disclosed.',
  'Placebo responses were large, particularly in trials with subjective primary outcomes.',
  'Adherence was monitored by pill counts or session attendance in most studies.',
  'Blinding was difficult to maintain because of characteristic adverse effects.',
  'Small-study effects and publication bias could not be excluded.',
  'The trials rarely reported outcomes that matter most to patients, such as participation in work and family life.',
  'Several trials used last-observation-carried-forward imputation, which can overestimate treatment effects.',
  'Subgroup analyses were mostly post hoc and should be regarded as hypothesis generating.',
  'Real-world effectiveness is likely to be lower than the efficacy observed in selected trial populations.',
  'Reporting of harms was inconsistent and often limited to the most common events.',
  'Confidence intervals were wide and compatible with both trivial and clinically meaningful effects.',
  'Regular review of benefit and harm is advisable once treatment has started.',
  'Economic evaluations were few and based on short time horizons.',
  'Outcome assessors were blinded in only a minority of studies.',
  'The optimal duration of treatment remains uncertain.',
];
const CONCL = [
  (c) => `No single treatment is effective for all patients with ${c.name}.`,
  (c) => `Treatment plans for ${c.name} should be individualised and reviewed regularly.`,
  (c) => `Larger and longer pragmatic trials are needed to guide practice in ${c.name}.`,
  (c) => `Non-pharmacological options deserve a prominent place in the management of ${c.name}.`,
  (c) => `Future research should prioritise outcomes that matter to people living with ${c.name}.`,
];

function wordCount(s) { return s.split(/\s+/).filter(Boolean).length; }

const N = args.articles;
const outDir = path.resolve(args.out);
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(path.join(outDir, 'articles'), { recursive: true });
fs.mkdirSync(path.join(outDir, 'references'), { recursive: true });

const unknownGT = [], mismatchGT = [], dupCiteGT = [];
let totalCites = 0, totalWords = 0, totalGroups = 0;
const knownIds = new Set(library.map((e) => e.id));
function unknownKeyFrom(id) {
  const r = int(0, 3);
  let k;
  if (r === 0) k = id.replace(/(\d{4})/, (y) => String(+y + 1));
  else if (r === 1) k = id.slice(0, -1);
  else if (r === 2) k = id.replace(/([a-z])([a-z])/, '$2$1');
  else k = `${id}x`;
  return knownIds.has(k) ? `${id}zz` : k;
}

for (let a = 0; a < N; a++) {
  const c = pick(CONDITIONS);
  const nTx = Math.min(c.tx.length, int(3, 6));
  const txs = shuffle([...c.tx]).slice(0, nTx).map((x) => T[x]);
  const targetWords = Math.round(Math.max(900, Math.min(1500, normal(1200, 100))));
  const targetCites = int(10, 40);
  const name = `article-${pad(a + 1, 5)}.md`;
  const year = int(2019, 2025);
  const date = `${year}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
  const title = `${cap(txs.slice(0, -1).map((t) => t.name).join(', '))} and ${txs[txs.length - 1].name} for ${c.name}: ${pick(['a narrative review', 'an evidence update', 'what the trials show', 'a clinical overview', 'current evidence and open questions'])}`;
  const lines = [];
  lines.push('---', `title: "${title}"`, `author: ${pick(GIVEN)} ${pick(FAMILY)}`, `date: ${date}`, `keywords: [${[c.name, ...txs.map((t) => t.name)].join(', ')}]`, `topic: ${c.id}`, '---', '');
  // sections: plan of (kind, treatment) sentences
  const sections = [{ h: 'Background', kind: 'cond' }];
  for (const t of txs) sections.push({ h: cap(t.name), kind: 'tx', t });
  sections.push({ h: 'Safety considerations', kind: 'safety' }, { h: 'Discussion', kind: 'disc' }, { h: 'Conclusion', kind: 'concl' });
  const share = { cond: 0.14, tx: 0.6 / txs.length, disc: 0.12, concl: 0.06 };
  const body = []; // {type:'h'|'p'|'ul', sents|items:[{text, topic}]}
  const usedTpl = new Set();
  const usedFill = new Set();
  const fresh = (gen, topic) => { let r; for (let k = 0; k < 8; k++) { r = gen(); if (!usedTpl.has(`${r[0]}|${topic}`)) break; } usedTpl.add(`${r[0]}|${topic}`); return r[1]; };
  const filler = () => { let f; for (let k = 0; k < 8; k++) { f = pick(FILLER); if (!usedFill.has(f)) break; } usedFill.add(f); return f; };
  for (const sec of sections) {
    body.push({ type: 'h', text: `## ${sec.h}` });
    let secWords = 0;
    let paraTarget = int(3, 6);
    let para = [];
    const flush = () => { if (para.length) { body.push({ type: 'p', sents: para }); para = []; paraTarget = int(3, 6); } };
    if (sec.kind === 'safety') {
      body.push({ type: 'p', sents: [{ text: `The adverse-effect profiles of the treatments discussed above differ substantially and should guide selection for ${c.pop}.`, topic: null }] });
      const items = [];
      for (const t of txs) {
        const aes = shuffle([...t.ae]).slice(0, 2);
        const li = { text: `**${cap(t.name)}**: ${aes.join(' and ')} ${aes.length > 1 ? 'are' : 'is'} the most frequently reported adverse ${aes.length > 1 ? 'events' : 'event'} CITE.`, topic: t.id };
        items.push(li);
      }
      body.push({ type: 'ul', items });
      continue;
    }
    const budget = targetWords * share[sec.kind];
    while (secWords < budget) {
      let s;
      if (sec.kind === 'cond') s = chance(0.75) ? { text: fresh(() => condSentence(c), 'c'), topic: null } : { text: filler(), topic: null };
      else if (sec.kind === 'tx') s = chance(0.75) ? { text: fresh(() => claimSentence(sec.t, c), sec.t.id), topic: sec.t.id } : { text: filler(), topic: null };
      else if (sec.kind === 'disc') {
        const [t1, t2] = shuffle([...txs]);
        const r = rand();
        if (r < 0.35) s = { text: fresh(() => discSentence(t1, t2, c), `${t1.id}+${t2.id}`), topic: t1.id, topics: [t1.id, t2.id] };
        else if (r < 0.7) s = { text: fresh(() => claimSentence(t1, c), t1.id), topic: t1.id };
        else s = { text: filler(), topic: null };
      } else {
        s = secWords === 0 && chance(0.3)
          ? { text: `Further guidance is available from the [${pick(['NICE guideline NG193', 'CDC clinical practice guideline', 'IASP fact sheets', 'WHO analgesic ladder'])}](https://example.org/guidance/${int(100, 999)}).`, topic: null }
          : { text: pick(CONCL)(c), topic: null };
        if (para.some((x) => x.text === s.text)) { secWords += 5; continue; }
      }
      para.push(s);
      secWords += wordCount(s.text);
      if (para.length >= paraTarget) flush();
    }
    flush();
  }
  // choose which CITE slots carry citations
  const slots = [];
  for (const b of body) {
    if (b.type === 'p') for (const s of b.sents) if (s.text.includes('CITE')) slots.push(s);
    if (b.type === 'ul') for (const s of b.items) if (s.text.includes('CITE')) slots.push(s);
  }
  shuffle(slots);
  // cites per slot: mostly 1; we fill slots until targetCites keys are placed
  let placed = 0;
  const cited = new Set();
  const chosenSlots = new Set();
  for (const s of slots) {
    if (placed >= targetCites) break;
    const nKeys = weighted([[1, 80], [2, 14], [3, 6]]);
    s.nKeys = Math.min(nKeys, targetCites - placed);
    placed += s.nKeys;
    chosenSlots.add(s);
  }
  // dup-cite: ~5% of articles cite both halves of a near-duplicate pair
  const wantDupCite = chance(0.05);
  // resolve keys
  const pickRef = (s) => {
    if (s.topic) {
      const pool = byTxCond.get(`${s.topic}|${c.id}`) || byTx.get(s.topic) || [];
      const pool2 = pool.length >= 3 ? pool : [...pool, ...(byTx.get(s.topic) || [])];
      if (pool2.length) return pick(pool2);
    }
    const pool = byCond.get(c.id) || originals;
    return pick(pool);
  };
  let lineNo = lines.length; // lines so far (0-based count); next pushed line is lineNo+1
  const out = [];
  const articleCites = [];
  for (const b of body) {
    if (b.type === 'h') { out.push(b.text, ''); continue; }
    const sents = b.type === 'p' ? b.sents : b.items;
    for (const s of sents) {
      let text = s.text;
      if (!text.includes('CITE')) { s.final = text; continue; }
      if (!chosenSlots.has(s)) { s.final = text.replace(' CITE', ''); continue; }
      const keys = [];
      const notes = [];
      for (let k = 0; k < s.nKeys; k++) {
        let o = pickRef(s), key = o.entry.id, kind = 'ok';
        if (s.topic && chance(args['mismatch-rate'])) {
          const others = TREATMENTS.filter((t) => !(s.topics || [s.topic]).includes(t.id) && byTx.has(t.id));
          const ot = pick(others);
          o = pick(byTx.get(ot.id)); key = o.entry.id; kind = 'mismatch';
          notes.push({ kind, key, claimTopic: (s.topics || [s.topic]).join('+'), refTopic: ot.id });
        } else if (chance(args['unknown-rate'])) {
          key = unknownKeyFrom(key); kind = 'unknown';
          notes.push({ kind, key, nearest: o.entry.id });
        }
        if (keys.includes(key)) continue;
        keys.push(key);
        cited.add(key);
      }
      if (wantDupCite && s.topic && !s.dupDone) {
        const cand = (byTx.get(s.topic) || []).filter((o) => o.dupId);
        if (cand.length && !articleCites.some((x) => x.dup)) {
          const o = pick(cand);
          keys.length = 0; keys.push(o.entry.id);
          articleCites.push({ dup: true, a: o.entry.id, b: o.dupId });
          s.pendingDup = { a: o.entry.id, b: o.dupId };
          notes.length = 0;
        }
      }
      s.notes = notes;
      totalCites += keys.length;
      totalGroups += 1;
      const style = s.pendingDup ? 'plain' : weighted([['plain', 80], ['locator', 8], ['prefix', 6], ['narrative', 4], ['suppress', 2]]);
      let cite;
      if (style === 'narrative' && keys.length === 1) {
        // "@key reported that ..." form: rewrite sentence start
        text = text.replace(' CITE.', '.');
        text = `As @${keys[0]}${chance(0.3) ? ` [${pick(LOCATORS)()}]` : ''} ${pick(['reported', 'showed', 'noted'])}, ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
        s.final = text; continue;
      }
      if (style === 'suppress' && keys.length === 1) {
        const ent = refMeta.get(keys[0])?.entry;
        const who = ent ? `${ent.author[0].family}${ent.author.length > 2 ? ' et al.' : ent.author.length === 2 ? ` and ${ent.author[1].family}` : ''}` : 'Previous authors';
        text = text.replace(' CITE.', '.');
        text = `${who} [-@${keys[0]}] found that ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
        s.final = text; continue;
      }
      const parts = keys.map((k) => `@${k}`);
      if (style === 'locator') parts[parts.length - 1] += `, ${pick(LOCATORS)()}`;
      if (style === 'prefix') parts[0] = `${pick(PREFIX)} ${parts[0]}`;
      cite = `[${parts.join('; ')}]`;
      s.final = text.replace('CITE', cite);
    }
    if (b.type === 'p') {
      const startLine = lines.length + out.length + 1;
      sents.forEach((s, i) => {
        for (const n of s.notes || []) (n.kind === 'unknown' ? unknownGT : mismatchGT).push({ article: name, line: startLine + i, ...n });
        if (s.pendingDup) {
          // cite the duplicate half a few sentences later in the same paragraph or next sentence
          s.final = s.final.replace(`@${s.pendingDup.a}`, `@${s.pendingDup.a}; @${s.pendingDup.b}`);
          dupCiteGT.push({ article: name, line: startLine + i, keys: [s.pendingDup.a, s.pendingDup.b] });
        }
      });
      out.push(...sents.map((s) => s.final), '');
    } else {
      const startLine = lines.length + out.length + 1;
      sents.forEach((s, i) => {
        for (const n of s.notes || []) (n.kind === 'unknown' ? unknownGT : mismatchGT).push({ article: name, line: startLine + i, ...n });
      });
      out.push(...sents.map((s) => `- ${s.final}`), '');
    }
  }
  const text = [...lines, `# ${title}`, '', ...out].join('\n').replace(/\n+$/, '\n');
  // fix line numbers: we inserted "# title" and blank before body
  totalWords += wordCount(text.replace(/^---[\s\S]*?---\n/, ''));
  fs.writeFileSync(path.join(outDir, 'articles', name), text);
}
// ground-truth line numbers were computed before the 2 title lines were inserted: shift them
for (const g of [...unknownGT, ...mismatchGT, ...dupCiteGT]) g.line += 2;

fs.writeFileSync(path.join(outDir, 'references', 'library.json'), JSON.stringify(library, null, 2) + '\n');
fs.writeFileSync(path.join(outDir, 'planted-duplicates.json'), JSON.stringify(planted, null, 1) + '\n');
fs.writeFileSync(path.join(outDir, 'ground-truth.json'), JSON.stringify({ unknownKeys: unknownGT, topicMismatches: mismatchGT, articlesCitingBothHalvesOfDuplicate: dupCiteGT, hardNegatives }, null, 1) + '\n');
const manifest = {
  generator: 'gen-corpus.mjs', seed: String(args.seed), articles: N, refs: library.length,
  originals: nOrig, nearDuplicates: nDup, reviewUpdatesNotDuplicates: nUpdate,
  citationKeys: totalCites, citationGroups: totalGroups, words: totalWords,
  meanWordsPerArticle: Math.round(totalWords / Math.max(1, N)), meanCitationKeysPerArticle: +(totalCites / Math.max(1, N)).toFixed(1),
  plantedUnknownKeys: unknownGT.length, plantedTopicMismatches: mismatchGT.length, articlesCitingBothHalves: dupCiteGT.length,
};
fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
console.log(JSON.stringify(manifest));
