import { describe, expect, it } from 'vitest';
import { stylish } from '../../src/report/stylish.js';
import type { Finding } from '../../src/lint/types.js';
import { baseOptions, mismatch, sampleResults, weak } from './sample.js';

// eslint-disable-next-line no-control-regex -- the escape codes are what these tests read
const ANSI = /\u001b\[\d+m/gu;

describe('stylish reporter', () => {
  it('prints ESLint’s layout without colour: file, aligned rows, summary', () => {
    const m = mismatch.message;
    const w = '`has been shown` rests only on `web-page` sources'; // final full stop dropped, as ESLint does
    const pad = ' '.repeat(m.length - w.length);
    const expected = [
      '',
      'articles/ketamine-pain-relief.md',
      `   7:1   warning  ${w}${pad}  weak-evidence`,
      `  41:63  error    ${m}  topic-mismatch`,
      '',
      'references/niesters2014ketamine.yaml',
      '  1:1  error  Same work as `niesters2013ketamine` (references/niesters2013ketamine.yaml:1); they disagree on `issued`: 2013 vs 2014  duplicate-reference',
      '',
      '\u2716 3 problems (2 errors, 1 warning)',
      '  1 error and 0 warnings potentially fixable with the `--fix` option.',
      '',
      '',
    ].join('\n');
    const out = stylish(sampleResults, baseOptions);
    expect(out).toBe(expected);
    expect(out).not.toMatch(ANSI);
  });

  it('with colour, adds ANSI styles and nothing else', () => {
    const plain = stylish(sampleResults, baseOptions);
    const coloured = stylish(sampleResults, { ...baseOptions, color: true });
    expect(coloured).not.toBe(plain);
    expect(coloured.replace(ANSI, '')).toBe(plain);
    expect(coloured).toContain('\u001b[4marticles/ketamine-pain-relief.md\u001b[24m');
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[39m');
    // Summary is red when there are errors.
    // eslint-disable-next-line no-control-regex -- the escape codes are what these tests read
    expect(coloured).toMatch(/\u001b\[31m\u001b\[1m\u2716 3 problems/u);
  });

  it('uses a yellow summary and singular words when there is one warning only', () => {
    const out = stylish([{ filePath: 'articles/a.md', findings: [weak] }], { ...baseOptions, color: true });
    expect(out).toContain('\u001b[33m\u001b[1m\u2716 1 problem (0 errors, 1 warning)');
    expect(out).not.toContain('potentially fixable');
  });

  it('prints nothing when there are no findings, even with empty file entries', () => {
    expect(stylish([], baseOptions)).toBe('');
    expect(stylish([{ filePath: 'articles/a.md', findings: [] }], { ...baseOptions, color: true })).toBe('');
  });

  it('leaves the rule column empty for a fatal finding without trailing spaces', () => {
    const fatal: Finding = {
      ruleId: null,
      messageId: 'unreadable',
      severity: 'error',
      fatal: true,
      message: 'Cannot read `articles/bad.md`: not UTF-8',
      file: 'articles/bad.md',
      line: 1,
      column: 1,
    };
    const out = stylish([{ filePath: 'articles/bad.md', findings: [fatal] }], baseOptions);
    expect(out.split('\n')).toContain('  1:1  error  Cannot read `articles/bad.md`: not UTF-8');
  });
});
