/**
 * citation-needed classes found in real articles (sentences written for
 * these tests, modelled on them), and the detector word lists as data.
 */
import { describe, expect, it } from 'vitest';
import { assertsEvidence } from '../../src/evidence/index.js';
import { mergeEvidenceWords } from '../../src/evidence/words.js';
import citationNeeded from '../../src/rules/citation-needed.js';
import { parseVocabulary } from '../../src/topics/vocabulary.js';
import { runRule } from '../helpers/lint.js';

describe('evidence classes', () => {
  it.each([
    ['money and growth', 'The clinic market was worth $3.4 billion in 2019 and could reach $7.8 billion by 2026.'],
    ['research has established', 'Earlier headache research has established that poor sleep lowers pain thresholds.'],
    ['a passive result', 'A fall in opioid use was observed in the infusion group.'],
    ['a passive result at the end of a clause', 'Changes in descending inhibition have been described, although none explains the symptoms.'],
    ['an association', 'Long-term use is associated with kidney injury.'],
    ['an estimated count', 'An estimated 40,000 veterans use the programme each year.'],
    ['a group at raised risk', 'Older adults on long-term NSAIDs are at an increased risk of stomach bleeding.'],
    ['a group at raised risk, without an article', 'Shift workers are at higher risk for migraine.'],
    ['an age range', 'Cluster headache usually begins between 20 and 40 years of age.'],
    ['a dated finding', 'In 2004, a team in Leeds reported that the drug damaged the bladder lining.'],
    ['a ranking', 'Neck pain is the fourth leading cause of years lived with disability.'],
    ['one of a ranking', 'Headache is one of the most common reasons for a visit to a neurologist.'],
    ['an ordinal ranking with words between', 'Knee pain is the third most common musculoskeletal complaint in general practice.'],
    ['a trend', 'The number of older adults with chronic pain is on the rise.'],
    ['a trend in the perfect', 'Gabapentinoid prescribing has doubled in a decade.'],
    ['a comparison of treatments', 'Heat wraps are more effective than paracetamol for acute back stiffness.'],
    ['two treatments found equal', 'Both splints are equally effective at night.'],
    ['a group compared with another', 'Women report migraine more often than men.'],
    ['a group compared with those without', 'Shift workers had more sick days and more analgesic use than those on day shifts.'],
    ['most of a group', 'Most people with a first episode of sciatica recover within weeks.'],
    ['most cases', 'In most cases, the flare settles on its own.'],
    ['most of a condition', 'The majority of neck pain has no structural cause.'],
    ['how much evidence there is', 'There is little evidence that magnets ease arthritis.'],
    ['a lack of data', 'There is a lack of data on long-term use in teenagers.'],
    ['a fraction as a character', 'About ⅓ of adults with migraine never see a doctor for it.'],
    ['a share with a bound', 'Dry mouth affects one quarter or more of patients on the drug.'],
    ['a rate as a fraction', 'The implant failed early (in 1/500) and needed removal.'],
    ['proved effective', 'Splinting and stretching have proved effective for plantar heel pain.'],
    ['a flat claim that a treatment works', 'Cold water immersion is effective for muscle soreness after sport.'],
    ['a claim that another treatment works too', 'A wrist-worn device is also effective.'],
    ['how good the evidence is, after it', 'The evidence is not adequate to rank the three creams.'],
    ['strong evidence, after it', 'Supporting evidence is strong for two of the patches.'],
    ['how often, without a figure', 'Recurrence rates are high in the first year.'],
    ['a view of unnamed experts', 'Some experts consider heat the first thing to try.'],
    ['a finding that suggests', 'This finding suggests the disorder is wider than the joint.'],
    ['fewer harms than others', 'The newer gel has fewer side effects than the older creams.'],
  ])('flags %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(true);
  });

  it.each([
    ['a hedge', 'Acupuncture may help some people.'],
    ['advice', 'Ask about the cost before the first session.'],
    ['an association that is only possible', 'Poor sleep can be linked to many things.'],
    ['a relative clause saying whom a sentence is about', 'Topical gels suit older adults, who are at increased risk of falls.'],
    ['a dose range', 'Most people take between 20 and 40 mg a day.'],
    ['a clinical ranking of symptoms', 'Stiffness is one of the most common symptoms patients mention.'],
    ['a time frame alone', 'In recent years, the range of options has grown with two new drugs.'],
    ['an aside about evidence', 'Exercise should come first, partly because of a lack of strong data for drugs.'],
    ['lower back as a place', 'Pain in the lower back is treated with heat and movement.'],
    ['findings of an examination', 'Red flag findings that suggest a fracture include night pain and weight loss.'],
    ['a finding on examination', 'A common finding on examination is tenderness over the joint.'],
    ['fewer harms as a selling point', 'New creams offer relief with fewer side effects.'],
    ['results still to come', 'Next year will bring results from many trials being reported.'],
    ['research still to be done', 'Studies are needed to show whether the cream helps.'],
    ['a hedged claim that a treatment works', 'Massage may be effective for some people.'],
    ['a hedged comparison', 'Heat may be more effective when combined with gentle exercise.'],
    ['care that works best when tailored', 'Care is most effective when it is tailored to the person.'],
    ['a dose written as a fraction', 'Take one 5/325 mg tablet every six hours.'],
    ['a year with no finding', 'In 2004, the clinic moved to a new building.'],
  ])('does not flag %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(false);
  });

  it('reads weaker signals only in a paragraph whose other sentences cite sources', () => {
    const sentence = 'Infusions significantly reduced pain at rest.';
    expect(assertsEvidence(sentence).asserts).toBe(false);
    expect(assertsEvidence(sentence, { paragraphCited: true }).asserts).toBe(true);
    const cited = runRule(citationNeeded, { articles: [`${sentence} The higher dose cut opioid use [@a].`], items: [{ id: 'a', type: 'article-journal', title: 'A trial', author: [{ family: 'X' }] }] });
    expect(cited).toHaveLength(1);
    expect(runRule(citationNeeded, { articles: [`${sentence}\n\nThe higher dose cut opioid use [@a].`], items: [{ id: 'a', type: 'article-journal', title: 'A trial', author: [{ family: 'X' }] }] })).toEqual([]);
  });
});

describe('word lists as data', () => {
  it('extends the built-in lists from the project vocabulary file', () => {
    const vocabulary = parseVocabulary('extends: default\ntopics: []\nevidence:\n  people: [dentists]\n  researchWords: [audit]\n', 'references/topics.yaml');
    expect(vocabulary.evidenceWords.people).toContain('adults');
    expect(assertsEvidence('About 12,000 dentists took part.', { words: vocabulary.evidenceWords }).asserts).toBe(true);
    expect(assertsEvidence('Our audit showed fewer referrals.', { words: vocabulary.evidenceWords }).asserts).toBe(true);
    expect(assertsEvidence('Our audit showed fewer referrals.').asserts).toBe(false);
  });

  it('lets a field add its own rankings, trends, comparisons and amounts of evidence', () => {
    const vocabulary = parseVocabulary(
      'extends: default\ntopics: []\nevidence:\n  rankings: [admission]\n  trends: [has plateaued]\n  comparisons: [better value]\n  evidenceAmounts: [moderate-certainty]\n',
      'references/topics.yaml',
    );
    const words = vocabulary.evidenceWords;
    for (const sentence of [
      'Falls are the leading admission on this ward.',
      'Dental opioid prescribing has plateaued.',
      'Generic pregabalin is better value.',
      'There is moderate-certainty evidence for splints.',
    ]) {
      expect(assertsEvidence(sentence, { words }).asserts).toBe(true);
      expect(assertsEvidence(sentence).asserts).toBe(false);
    }
    expect(words.rankings).toContain('cause');
  });

  it('replaces a list without extends', () => {
    const words = mergeEvidenceWords({ reportingVerbs: ['proves'] }, false);
    expect(words.reportingVerbs).toEqual(['proves']);
    expect(words.people).toContain('adults');
  });
});

describe('more passive results and reports', () => {
  it.each([
    ['a negated passive result', 'Former users were not found to differ from controls on memory tests.'],
    ['case reports', 'In case reports of three patients, liver enzymes rose after repeated infusions.'],
  ])('flags %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(true);
  });
});

// Classes that real articles left unflagged: what a treatment can do, rankings of forms, how mixed results are,
// timing that makes a drug work best. Sentences written for these tests.
describe('claims of what a treatment can do, and other findings without a figure', () => {
  it.each([
    ['a treatment that can relieve a symptom', 'Warm compresses can relieve jaw pain after dental work.'],
    ['a treatment that can help reduce one', 'Pacing activities can help reduce flare-ups of shoulder pain.'],
    ['a treatment that can also improve one', 'Graded walking can also improve stamina in people with hip pain.'],
    ['a treatment that can help a group', 'It can help patients with both insomnia and neck pain.'],
    ['a treatment that can give relief', 'Over-the-counter gels can provide adequate relief for minor sprains.'],
    ['a ranking of forms', 'The most common type is tension headache, which rarely needs imaging.'],
    ['one of the common reasons', 'Knee pain is one of the common reasons older adults stop walking.'],
    ['results that are mixed', 'Results of adding splints to physiotherapy are mixed.'],
    ['a poor response', 'Cysts larger than 2 cm respond poorly to hormonal treatment.'],
    ['what is now known', 'Substance P is now known to act on several receptor types.'],
    ['when a condition most commonly begins', 'Cluster headache most commonly begins in the third decade of life.'],
    ['what most commonly happens, at the start', 'Most commonly, flares involve the big toe.'],
    ['timing that makes a drug work best', 'Rescue sprays are most effective when taken early in an attack.'],
    ['two drugs alike in effectiveness', 'Naproxen resembles ibuprofen in effectiveness for period pain.'],
    ['a treatment that helps, flatly', 'Nasal lidocaine helps abort cluster attacks within minutes.'],
    ['a treatment that alleviates, flatly', 'These splints also alleviate morning stiffness in the hand.'],
    ['a claim of safety', 'Wearable stimulators have no serious adverse effects.'],
  ])('flags %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(true);
  });

  it.each([
    ['what a drug does, in a relative clause', 'The drug binds to opioid receptors, which can relieve pain and cause drowsiness.'],
    ['advice that says why', 'Use a cold pack, which can ease swelling.'],
    ['what the reader can do', 'You can reduce the risk by taking the tablet with food.'],
    ['help with nothing named', 'Neuromodulation devices can also help.'],
    ['a hedged help', 'Stretching might help reduce stiffness.'],
    ['a use, not a result', 'Pumps can be used to help treat cancer pain.'],
    ['a good response in some', 'Some patients respond well to one class of NSAID but not to another.'],
    ['a negated ability', 'Rest alone cannot relieve the pain of a torn tendon.'],
    ['a possibility', 'A nerve block could reduce opioid use after the operation.'],
    ['a list introduced', 'Here are ways a heat wrap can improve your day:'],
    ['a purpose', 'The nurse gives a gel to help relieve the itch.'],
    ['a hedged help, flatly', 'A warm bath may help ease the cramps.'],
    ['advice to most of a group', 'For most adults, take one tablet with food.'],
    // Real text: a treatment goal for most people is not a finding about them.
    ['a goal for most of a group', 'For most patients, the goal is steady control of flares.'],
  ])('does not flag %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(false);
  });
});

// Classes the m18 held-out run showed (after its one frozen run, so seen); sentences written for these tests.
describe('associations, effects on outcomes and amounts of evidence said in other words', () => {
  it.each([
    ['an association with an adverb', 'The HLA gene variant is also associated with the rash.'],
    ['a clear relationship', 'There is a clear relationship between poor sleep and widespread pain.'],
    ['a risk that rises with a dose', 'The risk of bleeding increases with higher doses.'],
    ['a risk that is increased', 'The risk is increased with longer use.'],
    ['more frequent in a group', 'Side effects are more frequent in older patients with kidney disease.'],
    ['more likely in a group', 'Women in their fifties are more likely to get it.'],
    ['a treatment that reduces an outcome', 'Wider access to naloxone reduces overdose deaths.'],
    ['a treatment that cuts a risk', 'Early physiotherapy cuts the risk of chronic knee pain by a third.'],
    ['few studies', 'Few studies have looked at heat therapy in teenagers.'],
    ['documented since', 'A rise in gabapentin misuse has been documented since 2015.'],
    ['reported as', 'Pain in nursing homes is also reported as being undertreated.'],
    ['millions of people', 'Tension headache affects millions of people worldwide.'],
    ['help with recovery', 'Peer groups can help with recovery after a long hospital stay.'],
    ['a well-recognised fact', 'It is now well recognised that poor sleep worsens pain.'],
    ['evidence found insufficient', 'The panel found insufficient evidence to support routine scans.'],
    ['studies of low quality', 'Current studies of magnet therapy are of low quality.'],
    ['what experts find', 'Some experts find such a plan too rigid.'],
  ])('flags %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(true);
  });

  it.each([
    ['a dose that was reduced', 'The dose was reduced to 5 mg after a week.'],
    ['what a drug does to a molecule', 'NSAIDs reduce prostaglandin synthesis in the tissue.'],
    ['a hedged reduction', 'Stretching may reduce stiffness.'],
    ['a description', 'The ache is often described as dull or gnawing.'],
  ])('does not flag %s', (_name, sentence) => {
    expect(assertsEvidence(sentence).asserts).toBe(false);
  });
});
