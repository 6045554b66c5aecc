/**
 * Treatments, operations and tests that share a condition: what the held-out
 * articles showed (sentences and titles written for these tests, modelled on
 * them). Two works on one condition can still be about different treatments.
 */
import { describe, expect, it } from 'vitest';
import { cslItemSchema } from '../../src/bibliography/schema.js';
import { compareTopics, createTagger, defaultVocabulary } from '../../src/topics/index.js';
import topicMismatch from '../../src/rules/topic-mismatch.js';
import { journalArticle, runRule } from '../helpers/lint.js';

const tagger = createTagger(defaultVocabulary());
const vocab = tagger.vocabulary;
const item = (title: string) => cslItemSchema.parse({ id: 'x', type: 'article-journal', title });
/** A title's topics that can decide a match (not `pain` itself). */
const specific = (title: string) => tagger.inferItemTopics(item(title)).filter((t) => !vocab.byId.get(t)?.generic);

/** The decision for a claim sentence citing a work with this title, as the rule compares them. */
function decide(sentence: string, title: string): string {
  const claim = tagger.tagSentence(sentence);
  const work = item(title);
  return compareTopics(vocab, claim.specific, tagger.inferItemTopics(work), { referenceTreats: tagger.treats(work) }).decision;
}

describe('hormonal drugs by kind', () => {
  it('maps each drug to its class under hormonal therapy', () => {
    expect(specific('Danazol versus placebo for endometriosis pain')).toEqual(['danazol', 'pelvic-pain']);
    expect(tagger.inferItemTopics(item('Twelve months of dienogest after excision of endometriomas'))).toContain('progestins');
    expect(specific('An oral GnRH antagonist for painful periods')).toEqual(['gnrh-analogues', 'pelvic-pain']);
    expect(specific('Letrozole added to a progestin for deep endometriosis')).toEqual(['aromatase-inhibitors', 'progestins', 'pelvic-pain']);
    expect(tagger.tagSentence('Depot medroxyprogesterone injections stop ovulation.').specific).toEqual(['progestins']);
  });

  it('sets one kind against another, even for one condition', () => {
    expect(decide('Combined oral contraceptives ease endometriosis pain in most women.', 'Naproxen for pain in women with endometriosis')).toBe('mismatch');
    expect(decide('Opioids may worsen bowel symptoms in pelvic pain.', 'Danazol for pelvic pain from endometriosis')).toBe('mismatch');
    // The narrower drug says what the claim is about, not the general `hormonal option`.
    expect(decide('A hormonal option for mild disease, the LNG-IUS controls symptoms for years.', 'Elagolix: approval in a first market')).toBe('mismatch');
  });

  it('accepts a work on any drug a listing claim names, or on hormonal therapy in general', () => {
    expect(decide('NSAIDs can be added to progestins, GnRH agonists or danazol.', 'Danazol for pelvic pain from endometriosis')).toBe('match');
    expect(decide('Hormonal therapy reduces recurrence after surgery for endometriosis.', 'Leuprolide after conservative surgery for endometriosis')).toBe('match');
  });

  it('does not set treatments of one kind against each other, nor sides sharing an outcome', () => {
    expect(compareTopics(vocab, ['antidepressants', 'gabapentinoids', 'neuropathic-pain'], ['local-anesthetics', 'neuropathic-pain']).decision).toBe('match');
    expect(compareTopics(vocab, ['gabapentinoids', 'side-effects'], ['opioids', 'misuse-and-dependence']).decision).toBe('match');
  });
});

describe('operations as the subject of a claim', () => {
  it('reads a named operation as a treatment, not a setting', () => {
    expect(tagger.tagSentence('Presacral neurectomy relieves midline period pain in selected women.').specific).toEqual(['surgical-treatment', 'pelvic-pain']);
    expect(decide('Presacral neurectomy relieves midline period pain in selected women.', 'Aromatase inhibitors for pain from endometriosis: a systematic review')).toBe('mismatch');
    expect(decide('Laser laparoscopy removes implants and eases pain.', 'Oral contraceptive pill for period pain from endometriosis')).toBe('mismatch');
  });

  it('is covered by a work on managing the condition, or by a work on an operation for it', () => {
    expect(decide('After ablative surgery, most patients report less pain.', 'Endometriosis: where management stands')).toBe('undecided');
    expect(decide('After ablative surgery, most patients report less pain.', 'A randomised trial of laser laparoscopy for endometriosis pain')).toBe('match');
  });

  it('does not set a claim that names only where care happens against a work on a condition', () => {
    expect(compareTopics(vocab, ['surgery'], ['pelvic-pain']).decision).toBe('undecided');
    expect(compareTopics(vocab, ['surgery'], ['ketamine']).decision).toBe('mismatch');
  });

  it('takes a general review of a condition as covering its treatment', () => {
    expect(decide('Long-term hormonal contraceptives reduce relapse.', 'Clinical practice. Endometriosis')).toBe('undecided');
    expect(decide('Long-term hormonal contraceptives reduce relapse.', 'Recurrent endometriosis: a review of clinical aspects')).toBe('undecided');
    // A review of how common a condition is says nothing of treating it.
    expect(decide('Vagus nerve stimulation also works.', 'Prevalence of major depression worldwide: a systematic review')).toBe('mismatch');
  });
});

describe('tests are not treatments', () => {
  it('tags imaging and blood tests', () => {
    expect(tagger.tagSentence('Serum CA-125 is often raised in endometriosis.').specific).toEqual(['laboratory-tests', 'pelvic-pain']);
    expect(tagger.tagSentence('Transvaginal ultrasonography finds most endometriomas.').specific).toEqual(['diagnostic-imaging']);
  });

  it('sets a test claim against a treatment trial, not against a work on the condition', () => {
    expect(decide('Serum CA-125 is often raised in endometriosis.', 'Dienogest versus leuprolide for endometriosis pain: a randomised trial')).toBe('mismatch');
    expect(decide('Colour Doppler adds nothing to transvaginal ultrasonography for endometriomas.', 'Naproxen for pain in women with endometriosis')).toBe('mismatch');
    expect(decide('Transvaginal ultrasonography finds most endometriomas.', 'Endometriosis detection with laparoscopic correlation')).toBe('undecided');
  });

  it('reports a computing paper on imaging as being about something else', () => {
    const items = [journalArticle('cnn2021', { title: 'A convolutional network grades dementia on MRI' })];
    const [finding, ...rest] = runRule(topicMismatch, { articles: ['Ketamine infusions ease refractory pain [@cnn2021].'], items });
    expect(rest).toEqual([]);
    expect(finding!.message).toContain('`cnn2021` is about something else');
  });
});

describe('drugs and devices named by name', () => {
  it('knows antidepressants, migraine drugs and stimulation devices by name', () => {
    expect(tagger.tagSentence('Trazodone at night helps some people sleep.').specific).toContain('antidepressants');
    expect(tagger.tagSentence('A triptan taken early stops most attacks.').specific).toEqual(['migraine-drugs']);
    expect(specific('Single-pulse transcranial magnetic stimulation for migraine with aura')).toEqual(['neuromodulation', 'migraine']);
  });

  it('reads a claim on a migraine drug that names no condition as one about headache', () => {
    expect(decide('A triptan taken with an antiemetic helps when nausea is marked.', 'Outcomes of stepped care in depressed outpatients: a trial report')).toBe('mismatch');
    expect(decide('A triptan taken early stops most attacks.', 'Sumatriptan for cluster headache: a review')).not.toBe('mismatch');
    expect(decide('Depression often follows years of poorly treated pain.', 'Rizatriptan wafers: a review')).toBe('mismatch');
  });

  it('sets a drug claim against a device trial for another condition', () => {
    expect(decide('Mirtazapine causes weight gain in many patients.', 'A supraorbital transcutaneous stimulator to prevent migraine: a randomised trial')).toBe('mismatch');
  });

  it('takes a work on the antidepressant effect as one on treating depression with drugs', () => {
    expect(decide('Response to most antidepressants takes two to three weeks.', 'How soon does the antidepressant effect begin? A meta-analysis')).toBe('undecided');
  });

  it('reports a work on heart disease alone as being about something else', () => {
    const items = [journalArticle('heart2017', { title: 'Heart failure admissions in people with severe mental illness: a meta-analysis' })];
    const [finding, ...rest] = runRule(topicMismatch, { articles: ['Relapse is common after psychotic depression [@heart2017].'], items });
    expect(rest).toEqual([]);
    expect(finding!.message).toContain('`heart2017` is about something else: Heart and vascular disease');
  });
});

describe('pain scales as the subject of a claim', () => {
  it('tags rating scales and pain questionnaires', () => {
    expect(tagger.tagSentence('A numeric rating scale asks for a pain score from 0 to 10.').specific).toEqual(['pain-assessment']);
    expect(specific('Validity of the Brief Pain Inventory in older adults')).toEqual(['pain-assessment']);
    // A rating scale names pain assessment only beside pain: a depression rating scale is not one.
    expect(specific('A visual analogue scale of mood in depression')).not.toContain('pain-assessment');
  });

  it('sets a claim on a pain scale against a drug trial, and accepts a work on measuring pain', () => {
    expect(decide('Visual analogue scales for pain are quick to use at the bedside.', 'Naproxen versus placebo after wisdom tooth removal')).toBe('mismatch');
    expect(decide('Visual analogue scales for pain are quick to use at the bedside.', 'Measuring pain in adults: the visual analogue scale and the numeric rating scale')).toBe('match');
  });

  it('lets the treatment decide where a scale only measures its result', () => {
    expect(decide('Pain on a visual analogue scale fell by half after the nerve block.', 'Peripheral nerve block for pain after knee surgery')).toBe('match');
    expect(decide('Pain on a visual analogue scale fell by half after the nerve block.', 'Spinal cord stimulation for failed back surgery syndrome')).toBe('mismatch');
  });
});
