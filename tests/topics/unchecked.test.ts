import { describe, expect, it } from 'vitest';
import { uncheckedWorks } from '../../src/topics/evidence-context.js';
import topicMismatch from '../../src/rules/topic-mismatch.js';
import { defaultVocabulary } from '../../src/topics/index.js';
import { journalArticle, makeBibliography, runRule } from '../helpers/lint.js';

const items = [
  journalArticle('plain2020', { title: 'Outcomes after discharge: a register study' }),
  journalArticle('dog2019', { title: 'Multicentric lymphoma in a dog treated with a CHOP protocol: case report' }),
  journalArticle('genes2021', { title: 'Immune gene expression in dogs after orthopaedic surgery' }),
  journalArticle('ml2022', { title: "Deep learning detects Alzheimer's disease on MRI" }),
  journalArticle('ket2018', { title: 'Ketamine for refractory cancer pain in palliative care' }),
];

describe('cited works that cannot be checked', () => {
  it('are named, not silently skipped', () => {
    const bibliography = makeBibliography(items);
    expect(uncheckedWorks(bibliography, defaultVocabulary(), ['plain2020', 'dog2019', 'ket2018']).map((w) => w.id)).toEqual(['plain2020']);
  });
});

describe('a claim citing a work about something else', () => {
  it.each([
    ['Low-dose ketamine relieves cancer pain in palliative care [@dog2019].', 'dog2019', 'Animals other than humans'],
    ['Opioid dependence is common after surgery [@genes2021].', 'genes2021', 'Genetics'],
    ['Ketamine infusions ease refractory pain [@ml2022].', 'ml2022', 'Dementia'],
  ])('flags %s', (source, key, subject) => {
    const [finding, ...rest] = runRule(topicMismatch, { articles: [source], items });
    expect(rest).toEqual([]);
    expect(finding!.message).toContain(`\`${key}\` is about something else`);
    expect(finding!.message).toContain(subject);
  });

  it('does not flag it when the claim names that subject too, nor a work on the claim topic', () => {
    expect(runRule(topicMismatch, { articles: ['In dogs with lymphoma, ketamine eased pain [@dog2019].'], items })).toEqual([]);
    expect(runRule(topicMismatch, { articles: ['Low-dose ketamine relieves cancer pain [@ket2018].'], items })).toEqual([]);
  });
});

describe('the lint summary', () => {
  it('names the cited works it could not check, in stylish output only', async () => {
    const { citemark, tempProject } = await import('../helpers/cli.js');
    const root = tempProject({
      'articles/a.md': 'Ketamine eases nerve pain [@plain2020]. Ketamine helps [@ket2018].\n',
      'references/plain2020.yaml': 'id: plain2020\ntype: article-journal\ntitle: Outcomes after discharge, a register study\nauthor:\n  - family: Smith\nissued:\n  date-parts:\n    - [2020]\n',
      'references/ket2018.yaml': 'id: ket2018\ntype: article-journal\ntitle: Ketamine for refractory cancer pain\nauthor:\n  - family: Lee\nissued:\n  date-parts:\n    - [2018]\n',
    });
    const stylish = await citemark(['lint', '--cwd', root]);
    expect(stylish.stdout).toContain('1 cited work could not be checked for topic (no topic in their title, abstract, keywords or MeSH headings): `plain2020` (references/plain2020.yaml:1)');
    const json = await citemark(['lint', '--format', 'json', '--cwd', root]);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
    expect(json.stdout).not.toContain('could not be checked');
  });
});

describe('topic-mismatch messages', () => {
  it('quote the words that gave each side its topics', () => {
    const [finding] = runRule(topicMismatch, {
      articles: ['Nerve blocks reduce pain [@scs2021].'],
      items: [journalArticle('scs2021', { title: 'Spinal cord stimulation for failed back surgery syndrome' })],
    });
    expect(finding!.message).toContain("Claim is about `nerve-block` (from 'Nerve blocks')");
    expect(finding!.message).toContain("`scs2021` covers `spinal-cord-stimulation`, `surgery` (from 'Spinal cord stimulation' in its title, 'back surgery' in its title)");
  });
});
