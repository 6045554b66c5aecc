/**
 * Linting reads citations where rendering does (docs/pandoc-deviations.md): a citation in a
 * figure caption or a note is linted, one in math or raw TeX is not. Rendering's side is
 * tested in tests/render/pandoc-reading.test.ts.
 */
import { describe, expect, it } from 'vitest';
import malformedCitation from '../../src/rules/malformed-citation.js';
import unknownKey from '../../src/rules/unknown-key.js';
import { journalArticle, runRule } from '../helpers/lint.js';

function unknownKeys(article: string): string[] {
  return runRule(unknownKey, { articles: [article], items: [journalArticle('known2020')] })
    .map((f) => f.message.match(/`([^`]+)`/)?.[1] ?? '')
    .sort();
}

describe('linting sees the citations rendering sees', () => {
  it('lints a citation in a figure caption', () => {
    expect(unknownKeys('![Pain scores [@figkey2020]](fig1.png)\n')).toEqual(['figkey2020']);
    expect(unknownKeys('Text with ![an inline image, @inlinekey2020](x.png) here.\n')).toEqual(['inlinekey2020']);
  });

  it('does not lint an `@` in math or raw TeX', () => {
    expect(unknownKeys('Ratio $a @mathkey2020$ and $$\\sum @displaykey2020$$ [@known2020].\n')).toEqual([]);
    expect(unknownKeys('Raw \\textit{@texkey2020} and \\cite{texkey2021} [@known2020].\n')).toEqual([]);
  });

  it('lints a citation in an inline note and in a footnote', () => {
    expect(unknownKeys('Pain fell.^[See @notekey2020.] More.[^1]\n\n[^1]: And [@footkey2020].\n')).toEqual(['footkey2020', 'notekey2020']);
  });

  it('lints the key of a bracket that a broken item makes text, and reports the broken item', () => {
    expect(unknownKeys('Pain fell [@listkey2020; @ known2020].\n')).toEqual(['listkey2020']);
    const malformed = runRule(malformedCitation, { articles: ['Pain fell [@listkey2020; @ known2020].\n'] });
    expect(malformed.map((f) => f.message)).toEqual([expect.stringContaining('`@ known2020`')]);
  });
});
