/**
 * Topics from meaning, not single words: the patterns real articles and
 * libraries showed (sentences written for these tests, modelled on them).
 */
import { describe, expect, it } from 'vitest';
import { cslItemSchema } from '../../src/bibliography/schema.js';
import { compareTopics, createTagger, defaultVocabulary, findAbbreviations } from '../../src/topics/index.js';

const tagger = createTagger(defaultVocabulary());
const vocab = tagger.vocabulary;
const item = (title: string, extra: Record<string, unknown> = {}) => cslItemSchema.parse({ id: 'x', type: 'article-journal', title, ...extra });

describe('ambiguous words need company', () => {
  it('reads cancer as cancer pain only next to pain', () => {
    expect(tagger.inferItemTopics(item('Tumour stage and survival after radiotherapy for lung cancer'))).not.toContain('cancer-pain');
    expect(tagger.inferItemTopics(item('Breakthrough pain in patients with advanced cancer')).sort()).toEqual(['acute-pain', 'cancer-pain']);
    // An opioid for breathlessness in cancer patients is not a work on cancer pain.
    expect(tagger.inferItemTopics(item('Oral transmucosal fentanyl for dyspnea crises in cancer patients'))).toEqual(['opioids', 'dyspnea']);
    expect(tagger.inferItemTopics(item('Palliative care protocol for incident pain and dyspnea'))).not.toContain('cancer-pain');
    expect(tagger.tagSentence('Low-dose ketamine eases cancer pain in palliative care.').specific).toContain('cancer-pain');
  });

  it('reads tolerance and dependence as misuse only next to a drug', () => {
    expect(tagger.inferItemTopics(item('Immune tolerance and dependence on T-cell signalling'))).toEqual([]);
    expect(tagger.inferItemTopics(item('Tolerance and withdrawal after long-term opioid therapy'))).toContain('misuse-and-dependence');
    expect(tagger.tagSentence('Oral agents may not be tolerated by older patients.').specific).toEqual([]);
  });
});

describe('drug classes are not the conditions they are named after', () => {
  it('tags tricyclic antidepressants as a treatment, not depression', () => {
    const claim = tagger.tagSentence('Tricyclic antidepressants and gabapentin are first-line options.');
    expect(claim.specific).toEqual(['antidepressants', 'gabapentinoids']);
    expect(claim.specific).not.toContain('depression');
  });

  it('keeps the antidepressant effect of a drug a claim about depression', () => {
    expect(tagger.tagSentence('Ketamine has a rapid antidepressant effect.').specific).toEqual(['ketamine', 'depression']);
  });
});

describe('lists of causes', () => {
  it('sets aside conditions named as causes when the sentence is about another condition', () => {
    const claim = tagger.tagSentence('Neuropathic pain can be caused by diabetes, chemotherapy, shingles or tumour infiltration of nerves.');
    expect(claim.specific).toEqual(['neuropathic-pain']);
  });
});

describe('considerations a choice depends on', () => {
  it('does not take an aspect listed among the things a choice depends on as the claim\'s subject', () => {
    expect(tagger.tagSentence('Which gel to use depends mostly on smell, cost and how often it is applied.').specific).not.toContain('cost');
    expect(tagger.tagSentence('Factors such as price and distance decide where people go.').specific).not.toContain('cost');
    expect(tagger.tagSentence('Cost is the main barrier to physiotherapy after a fracture.').specific).toContain('cost');
  });
});

describe('abuse and trauma', () => {
  it('reads a history of abuse as the trauma topic, so a work on it does not cover a drug claim on another condition', () => {
    expect(tagger.tagSentence('A history of childhood sexual abuse is common in people with widespread pain.').specific).toContain('ptsd');
    const claim = tagger.tagSentence('Pregabalin eases neuropathic pain after shingles.');
    const work = item('Childhood abuse and later health care use in women with chronic pain');
    expect(compareTopics(vocab, claim.specific, tagger.inferItemTopics(work), { referenceTreats: tagger.treats(work) }).decision).toBe('mismatch');
  });
});

describe('data sources and more conditions (from the m18 held-out run, seen)', () => {
  it('does not read an insurer named as the source of data as the subject', () => {
    expect(tagger.inferItemTopics(item('Statins and falls: a cohort study using hospital records linked with Medicare claims'))).not.toContain('insurance-coverage');
    expect(tagger.tagSentence('Medicare does not pay for most acupuncture.').specific).toContain('insurance-coverage');
  });

  it('knows gout as joint pain and sickle cell disease as a pain condition', () => {
    expect(tagger.inferItemTopics(item('Oral prednisolone for acute gout flares'))).toContain('arthritis');
    expect(tagger.tagSentence('Vaso-occlusive crises bring most adults with sickle cell disease to hospital.').specific).toContain('sickle-cell-pain');
    const claim = tagger.tagSentence('Chronic pain troubles half of adults with sickle cell disease.');
    const work = item('Oral prednisolone for acute gout flares');
    expect(compareTopics(vocab, claim.specific, tagger.inferItemTopics(work), { referenceTreats: tagger.treats(work) }).decision).toBe('mismatch');
  });
});

describe('organisation and journal names', () => {
  it('ignores the words of a society name', () => {
    const guideline = item('Consensus guidelines on intravenous ketamine infusions for chronic pain from the American Society of Regional Anesthesia and Pain Medicine');
    expect(tagger.inferItemTopics(guideline)).not.toContain('nerve-block');
    expect(tagger.inferItemTopics(guideline)).toContain('ketamine');
    expect(tagger.tagSentence('The Canadian Pain Society endorsed the criteria.').topics).toEqual([]);
  });

  it('still reads the same words outside a name', () => {
    expect(tagger.tagSentence('Regional anesthesia reduced opioid use after knee surgery.').specific).toContain('nerve-block');
  });
});

describe('abbreviations the text defines', () => {
  it('reads a defined abbreviation as its long form and says so', () => {
    const abbreviations = findAbbreviations(['Peripheral neuropathic pain (NP) affects many adults.']);
    expect(abbreviations).toEqual([{ short: 'NP', long: 'neuropathic pain' }]);
    const claim = tagger.tagSentence('Most NP responds poorly to opioids.', { abbreviations });
    expect(claim.specific).toEqual(['neuropathic-pain', 'opioids']);
    expect(claim.counted[0]).toMatchObject({ topic: 'neuropathic-pain', words: 'NP', term: 'NP (neuropathic pain)' });
  });

  it('does not read an undefined abbreviation, nor a name in brackets', () => {
    expect(tagger.tagSentence('Most NP responds poorly.').specific).toEqual([]);
    expect(findAbbreviations(['the American Pain Society (APS) said'])).toEqual([{ short: 'APS', long: 'American Pain Society' }]);
    const abbreviations = findAbbreviations(['the American Pain Society (APS) said']);
    expect(tagger.tagSentence('APS guidance followed.', { abbreviations }).topics).toEqual([]);
  });
});

describe('what a cited work is about', () => {
  it('records the words and the field of each topic', () => {
    const topics = tagger.topicsOfItem(item('Spinal cord stimulation for failed back surgery syndrome', { abstract: 'Compared with repeat surgery, stimulation relieved pain.' }));
    expect(topics.evidence[0]).toEqual({ topic: 'spinal-cord-stimulation', field: 'title', words: 'Spinal cord stimulation' });
  });

  it('lets MeSH headings decide over title words', () => {
    const topics = tagger.topicsOfItem(item('Cancer and ketamine: a story', { mesh: [{ ui: 'D007649', name: 'Ketamine' }, { name: 'Depressive Disorder, Major' }] }));
    expect(topics.topics).toEqual(['ketamine', 'depression']);
    expect(topics.evidence[1]).toEqual({ topic: 'depression', field: 'mesh', words: 'Depressive Disorder, Major' });
  });

  it('names subjects outside pain medicine', () => {
    const dogs = tagger.topicsOfItem(item('Multicentric lymphoma in a Labrador dog: a case report'));
    expect(dogs.topics).toEqual([]);
    expect(dogs.outside.map((o) => o.topic)).toEqual(['oncology', 'animals']);
    const ml = tagger.topicsOfItem(item("Machine learning prediction of Alzheimer's disease from MRI"));
    expect(ml.outside.map((o) => o.topic)).toEqual(['computing', 'neurodegenerative-disease']);
  });
});

describe('comparing kinds of subject', () => {
  it('does not set a treatment against a review of treating the condition', () => {
    expect(compareTopics(vocab, ['antidepressants', 'gabapentinoids'], ['neuropathic-pain'], { referenceTreats: true }).decision).toBe('undecided');
  });
  it('sets a treatment against a work on the condition itself', () => {
    expect(compareTopics(vocab, ['complementary-medicine'], ['fibromyalgia', 'sleep']).decision).toBe('mismatch');
  });
  it('sets two treatments, or two conditions, against each other', () => {
    expect(compareTopics(vocab, ['nerve-block'], ['spinal-cord-stimulation', 'neuropathic-pain']).decision).toBe('mismatch');
    expect(compareTopics(vocab, ['ketamine', 'depression'], ['ketamine', 'crps']).decision).toBe('mismatch');
    expect(compareTopics(vocab, ['ketamine', 'neuropathic-pain'], ['ketamine', 'crps']).decision).toBe('match');
  });
  it('leaves an outcome claim against a treatment work undecided', () => {
    expect(compareTopics(vocab, ['side-effects'], ['ketamine']).decision).toBe('undecided');
  });
});

describe('menstrual and pelvic pain', () => {
  it('is a pain condition of its own', () => {
    expect(tagger.inferItemTopics(item('Oral contraceptive pill for primary dysmenorrhoea'))).toEqual(['hormonal-contraceptives', 'pelvic-pain']);
    expect(compareTopics(vocab, ['pelvic-pain'], ['fibromyalgia']).decision).toBe('mismatch');
  });
});

describe('withdrawal next to an antidepressant', () => {
  it('is a discontinuation effect, not misuse', () => {
    expect(tagger.inferItemTopics(item('Incidence and duration of antidepressant withdrawal effects: a systematic review'))).not.toContain('misuse-and-dependence');
    expect(tagger.inferItemTopics(item('Withdrawal after tapering long-term opioid therapy'))).toContain('misuse-and-dependence');
  });
});
