import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/document/errors.js';
import { defaultVocabulary, loadVocabulary, parseVocabulary } from '../../src/topics/index.js';

const SPEC_MINIMUM = [
  'ketamine', 'esketamine', 'nmda-receptor', 'opioids', 'nsaids', 'non-opioid-analgesics', 'nerve-block', 'steroid-injection',
  'spinal-cord-stimulation', 'physical-therapy', 'cbt', 'mindfulness', 'acupuncture', 'complementary-medicine',
  'regenerative-medicine', 'virtual-reality', 'crps', 'fibromyalgia', 'neuropathic-pain', 'migraine', 'phantom-limb',
  'depression', 'side-effects', 'insurance-coverage',
];
const SEED_TOPICS = ['chronic-pain', 'perioperative', 'guidelines', 'icu-analgesia', 'patient-experience'];

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('the default vocabulary', () => {
  const vocab = defaultVocabulary();

  it('covers the SPEC minimum and the seed references', () => {
    for (const id of [...SPEC_MINIMUM, ...SEED_TOPICS]) expect(vocab.byId.has(id), id).toBe(true);
  });

  it('keeps generic topics generic and interventions specific', () => {
    for (const id of ['pain', 'chronic-pain', 'guidelines']) expect(vocab.byId.get(id)?.generic).toBe(true);
    for (const id of ['ketamine', 'nerve-block', 'crps', 'side-effects']) expect(vocab.byId.get(id)?.generic).toBe(false);
    expect(vocab.byId.get('perioperative')?.setting).toBe(true);
  });

  it('knows ancestors through broader', () => {
    expect(vocab.ancestors.get('crps')).toEqual(['neuropathic-pain', 'chronic-pain', 'pain']);
    expect(vocab.ancestors.get('mindfulness')).toEqual(expect.arrayContaining(['psychological-therapy', 'complementary-medicine']));
  });
});

describe('a project vocabulary', () => {
  it('replaces the default unless it extends it', () => {
    const own = parseVocabulary('topics:\n  - id: yoga\n    label: Yoga\n    terms: [yoga]\n', 'references/topics.yaml');
    expect(own.topics.map((t) => t.id)).toEqual(['yoga']);
    expect(own.origin).toBe('references/topics.yaml');
    const extended = parseVocabulary(
      'extends: default\ntopics:\n  - id: laser-therapy\n    label: Laser therapy\n    terms: [low-level laser]\n    broader: complementary-medicine\n',
      'references/topics.yaml',
    );
    expect(extended.byId.has('ketamine')).toBe(true);
    expect(extended.ancestors.get('laser-therapy')).toEqual(['complementary-medicine']);
  });

  it('lets an extending file replace a default topic by id', () => {
    const v = parseVocabulary('extends: default\ntopics:\n  - id: ketamine\n    label: Ketamine\n    terms: [ketamine, special k]\n', 't.yaml');
    expect(v.byId.get('ketamine')?.terms).toEqual(['ketamine', 'special k']);
    expect(v.topics.filter((t) => t.id === 'ketamine')).toHaveLength(1);
  });

  it('reports a schema error at its line', () => {
    const text = 'topics:\n  - id: yoga\n    label: Yoga\n    terms: [yoga]\n  - id: Bad Id\n    label: x\n    terms: [x]\n';
    const error = usageError(() => parseVocabulary(text, 'references/topics.yaml'));
    expect(error.message).toMatch(/^references\/topics\.yaml:5:\d+: `topics\[1\]\.id`/);
    expect(error.location).toMatchObject({ file: 'references/topics.yaml', line: 5 });
  });

  it('reports an unknown key at the key', () => {
    const error = usageError(() => parseVocabulary('topics:\n  - id: yoga\n    label: Yoga\n    terms: [yoga]\n    parent: x\n', 't.yaml'));
    expect(error.message).toMatch(/^t\.yaml:5:\d+: .*unknown key `parent`/);
  });

  it('reports an unknown broader topic at its line', () => {
    const text = 'topics:\n  - id: yoga\n    label: Yoga\n    terms: [yoga]\n    broader: mind-body\n';
    const error = usageError(() => parseVocabulary(text, 't.yaml'));
    expect(error.message).toMatch(/^t\.yaml:5:\d+: Topic `yoga` has `broader: mind-body`/);
  });

  it('reports duplicate ids, cycles and terms shared by two topics', () => {
    const dup = 'topics:\n  - id: a\n    label: A\n    terms: [alpha]\n  - id: a\n    label: A2\n    terms: [beta]\n';
    expect(usageError(() => parseVocabulary(dup, 't.yaml')).message).toMatch(/^t\.yaml:5:\d+: Topic id `a` is defined twice/);
    const cycle = 'topics:\n  - id: a\n    label: A\n    terms: [alpha]\n    broader: b\n  - id: b\n    label: B\n    terms: [beta]\n    broader: a\n';
    expect(usageError(() => parseVocabulary(cycle, 't.yaml')).message).toMatch(/`broader` cycle/);
    const shared = 'topics:\n  - id: a\n    label: A\n    terms: [nerve block]\n  - id: b\n    label: B\n    terms:\n      - x\n      - nerve blocks\n';
    expect(usageError(() => parseVocabulary(shared, 't.yaml')).message).toMatch(/^t\.yaml:9:\d+: Term `nerve blocks` of topic `b` is the same as `nerve block` of topic `a`/);
  });

  it('catches a clash with the default vocabulary when extending', () => {
    const text = 'extends: default\ntopics:\n  - id: blocks\n    label: Blocks\n    terms: [nerve blocks]\n';
    expect(usageError(() => parseVocabulary(text, 't.yaml')).message).toMatch(/^t\.yaml:5:\d+: .*topic `nerve-block`/);
  });

  it('reports YAML syntax errors with a position', () => {
    expect(usageError(() => parseVocabulary('topics: [\n', 't.yaml')).message).toMatch(/^t\.yaml:\d+:\d+: the topic vocabulary does not parse/);
  });

  it('loads references/topics.yaml from a project, else the default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citemark-topics-'));
    expect((await loadVocabulary(dir)).origin).toBe('default');
    mkdirSync(join(dir, 'references'));
    writeFileSync(join(dir, 'references', 'topics.yaml'), 'topics:\n  - id: yoga\n    label: Yoga\n    terms: [yoga]\n');
    const v = await loadVocabulary(dir);
    expect(v.origin).toBe('references/topics.yaml');
    expect(v.topics.map((t) => t.id)).toEqual(['yoga']);
  });
});
