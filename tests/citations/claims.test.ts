import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/citations/index.js';
import type { Sentence } from '../../src/citations/index.js';
import { parse } from './helpers.js';

function sentences(markdown: string): Sentence[] {
  return splitSentences(parse(markdown), markdown);
}

function keysOf(sentence: Sentence | undefined): string[] {
  return (sentence?.citations ?? []).flatMap((c) => c.items.map((i) => i.key));
}

describe('splitSentences: boundaries', () => {
  it.each([
    'Smith et al. found that pain fell.',
    'Drugs, e.g. ketamine, help.',
    'Some, i.e. most, patients improved.',
    'Dr. Smith agreed.',
    'Ketamine vs. placebo was tested.',
    'It takes approx. 5 minutes to work.',
    'See Fig. 2 for the doses.',
    'J. David Clark wrote the review.',
    'Doses of 2.5 mg and 0.52 mg/kg were used.',
    'See https://example.org/a.b/c.html for details.',
  ])('does not split %j', (text) => {
    const found = sentences(text);
    expect(found.map((s) => s.text)).toEqual([text]);
  });

  // Was a bug: ICU's sentence rules (UAX #29) end a sentence at every line break, so a paragraph wrapped at 80
  // columns, as many editors write Markdown, came out as fragments of sentences.
  it('reads a hard-wrapped paragraph (LF, CRLF, in a list item and a quote) as whole sentences', () => {
    const wrapped = 'Ketamine reduced pain in\nadults with chronic back\npain [@a]. A second sentence\nfollows it.\n';
    expect(sentences(wrapped).map((s) => s.text)).toEqual(['Ketamine reduced pain in adults with chronic back pain.', 'A second sentence follows it.']);
    expect(sentences(wrapped)[0]?.position).toMatchObject({ start: { line: 1, column: 1 }, end: { line: 3, column: 11 } });
    expect(sentences(wrapped.replaceAll('\n', '\r\n')).map((s) => s.text)).toHaveLength(2);
    expect(sentences('- Pain fell in\n  the trial. It rose\n  later.\n\n> Pain fell in\n> the trial.\n').map((s) => s.text)).toEqual([
      'Pain fell in the trial.',
      'It rose later.',
      'Pain fell in the trial.',
    ]);
  });

  // Was a miss: ICU's rules (UAX #29) do not end a sentence before one that opens with a number, so a statistic
  // opening a sentence ("… common. 54% of adults …") was read as part of the sentence before it.
  it.each([
    ['Back pain is common. 54% of adults have had it.', ['Back pain is common.', '54% of adults have had it.']],
    ['Visits rose in 2019. 30 clinics opened that year.', ['Visits rose in 2019.', '30 clinics opened that year.']],
    ['It works (see above)! 3 in 10 users stop early.', ['It works (see above)!', '3 in 10 users stop early.']],
  ])('splits before a sentence that opens with a number: %j', (text, expected) => {
    expect(sentences(text).map((s) => s.text)).toEqual(expected);
  });

  it.each([
    'In 2023, 5.7 million people in the U.S. 12 years and older had it.',
    'Mortality was higher (4.1% vs. 3.0%) with the new drug.',
    'See p. 54 for the doses.',
    'As Smith et al. 2020 showed, pain fell.',
    'Onset was in Jan. 2020 for most of them.',
    'Score fell from 7 to 4. 5 more doses followed.',
  ])('does not split before a number after an abbreviation or initial: %j', (text) => {
    expect(sentences(text).map((s) => s.text)).toEqual([text]);
  });

  it('splits at full stops, question and exclamation marks', () => {
    expect(sentences('It works! Does it last? Yes. It does.').map((s) => s.text)).toEqual([
      'It works!',
      'Does it last?',
      'Yes.',
      'It does.',
    ]);
  });
});

describe('splitSentences: citations', () => {
  it('gives a citation after the full stop to the sentence it ends', () => {
    const found = sentences('Ketamine eases pain. [@a] It is cheap.[@b] Others disagree [@c].');
    expect(found.map((s) => [s.text, keysOf(s)])).toEqual([
      ['Ketamine eases pain.', ['a']],
      ['It is cheap.', ['b']],
      ['Others disagree.', ['c']],
    ]);
  });

  it('keeps citations inside a sentence in it and removes them from the text', () => {
    const found = sentences('As @smith04 [p. 3] showed, ketamine [see @a; @b] helps. Next one.');
    expect(found[0]?.text).toBe('As showed, ketamine helps.');
    expect(keysOf(found[0])).toEqual(['smith04', 'a', 'b']);
    expect(keysOf(found[1])).toEqual([]);
  });

  it('gives exact source positions, including a trailing citation', () => {
    const markdown = '# Intro\n\nFirst one. Second *one*. [@a]\nThird.';
    const found = sentences(markdown);
    const spans = found.map((s) => markdown.slice(s.position.start.offset, s.position.end.offset));
    expect(spans).toEqual(['Intro', 'First one.', 'Second *one*. [@a]', 'Third.']);
    expect(found[2]?.position.start).toEqual({ line: 3, column: 12, offset: 20 });
    expect(found[3]?.position.start).toEqual({ line: 4, column: 1, offset: 39 });
  });

  it('keeps a paragraph that is only a citation', () => {
    const found = sentences('Text.\n\n[@a]');
    expect(found.map((s) => [s.text, keysOf(s)])).toEqual([
      ['Text.', []],
      ['', ['a']],
    ]);
  });
});

describe('splitSentences: blocks', () => {
  const markdown = [
    '---',
    'title: Pain',
    '---',
    '',
    'Intro text.',
    '',
    '## Ketamine',
    '',
    '- Works for CRPS [@a]',
    '- Two sentences. Both here.',
    '',
    '| Drug | Effect |',
    '|---|---|',
    '| Ketamine. Fast | Relief [@b] |',
    '',
    '> Quoted claim [@c].',
    '',
    '```',
    'code [@d]. More.',
    '```',
    '',
    '<div>HTML [@e].</div>',
  ].join('\n');
  const found = sentences(markdown);

  it('gives each block its context and the nearest heading', () => {
    expect(found.map((s) => [s.text, s.context, s.section, s.blockIndex])).toEqual([
      ['Intro text.', 'paragraph', '', 0],
      ['Ketamine', 'heading', 'Ketamine', 1],
      ['Works for CRPS', 'listItem', 'Ketamine', 2],
      ['Two sentences.', 'listItem', 'Ketamine', 3],
      ['Both here.', 'listItem', 'Ketamine', 3],
      ['Drug', 'tableCell', 'Ketamine', 4],
      ['Effect', 'tableCell', 'Ketamine', 5],
      ['Ketamine. Fast', 'tableCell', 'Ketamine', 6],
      ['Relief', 'tableCell', 'Ketamine', 7],
      ['Quoted claim.', 'blockquote', 'Ketamine', 8],
    ]);
  });

  it('attaches citations in list items, cells and quotes', () => {
    expect(found.filter((s) => s.citations.length > 0).map((s) => keysOf(s))).toEqual([['a'], ['b'], ['c']]);
  });

  it('handles CRLF line endings', () => {
    const crlf = 'One here.\r\nTwo there. [@a]\r\n';
    const result = sentences(crlf);
    expect(result.map((s) => crlf.slice(s.position.start.offset, s.position.end.offset))).toEqual([
      'One here.',
      'Two there. [@a]',
    ]);
    expect(result[1]?.position.start).toEqual({ line: 2, column: 1, offset: 11 });
  });
});
