import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, github } from '../../src/report/github.js';
import type { Finding } from '../../src/lint/types.js';
import { baseOptions, sampleResults } from './sample.js';

describe('github reporter', () => {
  it('prints one workflow command per finding, ::warning for warnings', () => {
    const lines = github(sampleResults, baseOptions).split('\n');
    expect(lines).toHaveLength(4); // three commands and the final newline
    expect(lines[3]).toBe('');
    expect(lines[0]).toBe(
      '::warning file=articles/ketamine-pain-relief.md,line=7,col=1,title=citemark(weak-evidence)::`has been shown` rests only on `web-page` sources.',
    );
    expect(lines[1]).toBe(
      '::error file=articles/ketamine-pain-relief.md,line=41,col=63,endLine=41,endColumn=79,title=citemark(topic-mismatch)::' +
        'Claim is about `nerve-block` but `sdrulla2018spinal` covers `spinal-cord-stimulation`; cite a nerve-block source such as `cohen2020nerve`',
    );
    // `:` in the message is left alone; only properties need it escaped.
    expect(lines[2]).toBe(
      '::error file=references/niesters2014ketamine.yaml,line=1,col=1,title=citemark(duplicate-reference)::' +
        'Same work as `niesters2013ketamine` (references/niesters2013ketamine.yaml:1); they disagree on `issued`: 2013 vs 2014',
    );
  });

  it('escapes %, CR and LF in the message, and also : and , in properties', () => {
    expect(escapeData('100% sure\r\nnext: a, b')).toBe('100%25 sure%0D%0Anext: a, b');
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
    // %25 first, so an already-escaped-looking input is not left ambiguous.
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('escapes a hostile file name and message end to end', () => {
    const finding: Finding = {
      ruleId: 'unknown-key',
      messageId: 'unknown',
      severity: 'error',
      message: 'Unknown key `a`\n50% of keys, see: b',
      file: 'articles/x,y:z.md',
      line: 2,
      column: 3,
    };
    expect(github([{ filePath: 'articles/x,y:z.md', findings: [finding] }], baseOptions)).toBe(
      '::error file=articles/x%2Cy%3Az.md,line=2,col=3,title=citemark(unknown-key)::Unknown key `a`%0A50%25 of keys, see: b\n',
    );
  });

  it('titles a fatal finding plainly and prints nothing when clean', () => {
    const fatal: Finding = {
      ruleId: null,
      messageId: 'unreadable',
      severity: 'error',
      fatal: true,
      message: 'Cannot read',
      file: 'a.md',
      line: 1,
      column: 1,
    };
    expect(github([{ filePath: 'a.md', findings: [fatal] }], baseOptions)).toBe('::error file=a.md,line=1,col=1,title=citemark::Cannot read\n');
    expect(github([{ filePath: 'a.md', findings: [] }], baseOptions)).toBe('');
  });
});
