import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/document/article.js';

const sentences = (md: string) => parseArticle('a.md', md).sentences.map((s) => s.text);

describe('a sentence ending in a number', () => {
  it('ends at the full stop after a year or count when a capital follows', () => {
    expect(sentences('Prescriptions fell by a third between 2012 and 2020. Procedures work best with exercise.\n')).toEqual([
      'Prescriptions fell by a third between 2012 and 2020.',
      'Procedures work best with exercise.',
    ]);
  });
  it('keeps decimals, a leading counter and a lower-case continuation together', () => {
    expect(sentences('The dose was 0.5 mg/kg. It rose 2.5 times.\n')).toEqual(['The dose was 0.5 mg/kg.', 'It rose 2.5 times.']);
    expect(sentences('Step 3. then wait.\n')).toEqual(['Step 3. then wait.']);
  });
});
