/**
 * Words that mean a pain topic in a pain library and something else in a library from another field: a tumour
 * necrosis factor, a double dissociation, a stretched lattice, the Great Depression. The titles are written for
 * these tests, after the kinds of title that gave a pain topic from one such word in real libraries outside pain
 * medicine (neuroscience, oncology and immunology reading lists, a general reference-parsing corpus).
 */
import { describe, expect, it } from 'vitest';
import topicMismatch from '../../src/rules/topic-mismatch.js';
import { createTagger, defaultVocabulary } from '../../src/topics/index.js';
import type { CslItem } from '../../src/bibliography/schema.js';
import { journalArticle, runRule } from '../helpers/lint.js';

const tagger = createTagger(defaultVocabulary());
const item = (title: string): CslItem => ({ id: 'x', type: 'article-journal', title });
const topics = (title: string) => tagger.inferItemTopics(item(title));
const outside = (title: string) => tagger.inferItemTopicsWithEvidence(item(title)).outside.map((o) => o.topic);

describe('a word that names something else in another field gives no pain topic', () => {
  it.each([
    ['Blocking tumour necrosis factor in early rheumatoid arthritis', 'cancer-pain'],
    ['Thirty-day mortality after postoperative care for bowel cancer', 'cancer-pain'],
    ['A double dissociation between recall and recognition in amnesia', 'side-effects'],
    ['Dissociating familiarity from recollection', 'side-effects'],
    ['Optical cavities in stretched polymer lattices', 'exercise'],
    ['A new antidepressant with multimodal receptor activity', 'multidisciplinary-care'],
    ['Multimodal imaging of the ageing hippocampus', 'multidisciplinary-care'],
    ['Cholinergic neuromodulation of working memory', 'neuromodulation'],
    ['Bank failures and money supply in the Great Depression', 'depression'],
    ['Cancer stem cells drive relapse in pancreatic tumours', 'regenerative-medicine'],
  ])('%s: no %s', (title, topic) => {
    expect(topics(title)).not.toContain(topic);
  });

  it('says what such a work is about instead', () => {
    expect(outside('Blocking tumour necrosis factor in early rheumatoid arthritis')).toContain('genetics');
    expect(outside('Bank failures and money supply in the Great Depression')).toEqual(['economics']);
    expect(outside('Screening for lung cancer with low-dose CT')).toEqual(['oncology']);
  });
});

describe('the same words in their pain sense still count', () => {
  it.each([
    ['Pain in patients with advanced cancer', 'cancer-pain'],
    ['Cancer pain after surgery: a cohort', 'cancer-pain'],
    ['Dissociation and nausea after a ketamine infusion', 'side-effects'],
    ['Stretching programmes for chronic neck pain', 'exercise'],
    ['A multimodal approach to chronic low back pain', 'multidisciplinary-care'],
    ['Neuromodulation for refractory neuropathic pain', 'neuromodulation'],
    ['Neuromodulation therapy: a practical review', 'neuromodulation'],
    ['Depression in people living with chronic pain', 'depression'],
  ])('%s: %s', (title, topic) => {
    expect(topics(title)).toContain(topic);
  });
});

describe('a work that names a subject and its opposite', () => {
  it('is not about that subject', () => {
    expect(outside('Morphine for breathlessness in malignant and non-malignant lung disease')).not.toContain('oncology');
    expect(outside('Opioids in cancer and noncancer pain')).not.toContain('oncology');
    expect(outside('Morphine for breathlessness in malignant lung disease')).toContain('oncology');
  });
});

describe('classes of drugs and symptoms next to pain', () => {
  it('tell a treatment of dysmenorrhoea, breathlessness or delirium from an opioid', () => {
    expect(topics('Hormonal contraception for period pain')).toEqual(['hormonal-contraceptives', 'pelvic-pain']);
    expect(topics('Midazolam for terminal agitation')).toEqual(['benzodiazepines']);
    expect(topics('Haloperidol in hospital delirium: a randomised trial')).toEqual(['antipsychotics', 'delirium']);
    expect(topics('Simple analgesics for period pain: a review')).toContain('non-opioid-analgesics');
    expect(topics('Ginger capsules for menstrual cramps')).toContain('herbal-medicine');
  });

  const items = [
    journalArticle('minor2010', { title: 'Minor analgesics for menstrual cramps: a systematic review' }),
    journalArticle('pill2011', { title: 'The combined contraceptive pill for period pain' }),
    journalArticle('hydr2013', { title: 'Intravenous fluids in patients with advanced cancer: a randomised trial' }),
    journalArticle('proto2016', { title: 'Hospice protocol for episodic pain and breathlessness' }),
  ];

  it.each([
    ['Morphine by mouth eases breathlessness at the end of life [@minor2010].', 'minor2010'],
    ['Buccal fentanyl works quickly for breathlessness [@pill2011].', 'pill2011'],
    ['Adding nortriptyline helps women whose period pain persists [@hydr2013].', 'hydr2013'],
  ])('flags %s', (source, key) => {
    const findings = runRule(topicMismatch, { articles: [source], items });
    expect(findings.map((f) => f.message).join('\n')).toContain(`\`${key}\``);
  });

  it('reads a care protocol as being about treating what it names', () => {
    expect(runRule(topicMismatch, { articles: ['Buccal fentanyl works quickly for breathlessness [@proto2016].'], items })).toEqual([]);
  });
});
