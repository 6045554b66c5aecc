import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { asciiKeyPart, baseKey, makeKey, organisationKeyPart } from '../../src/bibliography/keys.js';
import type { CslItem } from '../../src/bibliography/schema.js';
import { parseReference } from '../../src/import/refparse.js';

const SEED = fileURLToPath(new URL('../fixtures/import/seed-references.csl.json', import.meta.url));
const seedItems = JSON.parse(readFileSync(SEED, 'utf8')) as CslItem[];

/**
 * Where the seed id does not follow its own rule. "Non-opioid", "Long-term",
 * "Stem-cell" and "Mindfulness-Based" keep both halves, but "Physiotherapist-led"
 * kept only the first: the rule (drop hyphens) gives `…physiotherapistled`.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  trulssonschouenborg2021physiotherapist: 'trulssonschouenborg2021physiotherapistled',
};

describe('makeKey reproduces the seed bibliography ids', () => {
  it('covers all 24 seed items', () => {
    expect(seedItems).toHaveLength(24);
  });

  for (const seed of seedItems) {
    it(`builds \`${seed.id}\``, () => {
      const citedAs = (seed.custom as { cited_as?: string } | undefined)?.cited_as;
      // Three works were never found, so their records keep only the printed string: key what it says.
      const source = seed.title ? seed : parseReference(citedAs ?? '').item;
      // `nindsndperipheral` was keyed from the printed title "Peripheral Neuropathy"; the verified title starts with "NINDS".
      const title = seed.id === 'nindsndperipheral' ? 'Peripheral Neuropathy' : source.title;
      expect(makeKey({ ...source, title }, new Set())).toBe(KNOWN_DIFFERENCES[seed.id] ?? seed.id);
    });
  }
});

describe('key parts', () => {
  it('transliterates and drops hyphens', () => {
    expect(asciiKeyPart('Thérond')).toBe('therond');
    expect(asciiKeyPart('Non-opioid')).toBe('nonopioid');
    expect(asciiKeyPart('Jöud')).toBe('joud');
    expect(asciiKeyPart('Østergaard')).toBe('ostergaard');
    expect(asciiKeyPart('Groß')).toBe('gross');
  });

  it('keys institutions by acronym and brands by name', () => {
    expect(organisationKeyPart('American Psychiatric Nurses Association')).toBe('apna');
    expect(organisationKeyPart('American Society of Anesthesiologists')).toBe('asa');
    expect(organisationKeyPart('National Institute of Neurological Disorders and Stroke')).toBe('ninds');
    expect(organisationKeyPart('World Health Organization')).toBe('who');
    expect(organisationKeyPart('NICE')).toBe('nice');
    expect(organisationKeyPart('Medicare Benefits Solutions')).toBe('medicarebenefitssolutions');
  });

  it('skips stop words and uses `nd` when undated', () => {
    expect(baseKey({ author: [{ family: 'Zhao' }], title: 'The Effect of Ketamine', issued: { 'date-parts': [[2018]] } })).toBe(
      'zhao2018effect',
    );
    expect(baseKey({ author: [{ literal: 'American Psychiatric Nurses Association' }], title: 'Ketamine Infusion Therapy' })).toBe(
      'apnandketamine',
    );
  });

  it('keys a printed string the way the seed ids were made', () => {
    const printed = parseReference(
      '[8] Schouenborg, Anna Trulsson, Marcelo Rivano Fischer, Elisabeth Bondesson, and Anna Jöud. 2021. “Physiotherapist-led rehabilitation for patients with chronic musculoskeletal pain: interventions and promising long-term outcomes.” BMC Musculoskeletal Disorders 22 (1).;',
    );
    // The printed family name is "Schouenborg"; the seed id uses the verified "Trulsson Schouenborg".
    expect(makeKey(printed.item, new Set())).toBe('schouenborg2021physiotherapistled');
  });

  it('appends a, b, c… while the key is taken, without touching the set', () => {
    const item = { author: [{ family: 'Sdrulla' }], title: 'Spinal Cord Stimulation', issued: { 'date-parts': [[2018]] } };
    const taken = new Set(['sdrulla2018spinal', 'sdrulla2018spinala']);
    expect(makeKey(item, taken)).toBe('sdrulla2018spinalb');
    expect(taken.size).toBe(2);
    expect(makeKey(item, new Set())).toBe('sdrulla2018spinal');
  });

  it('falls back to the title when there is no author', () => {
    expect(makeKey({ title: 'Chronic pain: an overview', issued: { 'date-parts': [[2020]] } }, new Set())).toBe('chronic2020');
  });
});
