import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/invalid-reference.js';
import { journalArticle, makeBibliography, runRule } from '../helpers/lint.js';

describe('invalid-reference', () => {
  it('valid: a bibliography without load problems', () => {
    expect(runRule(rule, { items: [journalArticle('ok2020')] })).toEqual([]);
  });
  it('invalid: each load problem becomes a finding at its file and line', () => {
    const bibliography = makeBibliography([], [
      { messageId: 'parse-error', message: 'YAML syntax error: bad indentation.', source: { file: 'references/bad.yaml', line: 4, column: 3 } },
      { messageId: 'schema', message: '`title` is missing.', source: { file: 'references/x.yaml', line: 1, column: 1 }, id: 'x' },
    ]);
    const findings = runRule(rule, { bibliography });
    expect(findings.map((f) => [f.file, f.line, f.column, f.message])).toEqual([
      ['references/bad.yaml', 4, 3, 'YAML syntax error: bad indentation.'],
      ['references/x.yaml', 1, 1, '`title` is missing.'],
    ]);
  });
  it('a warning-level load problem (a name that may be run together) is a warning, even under `error`', () => {
    const bibliography = makeBibliography([], [
      { messageId: 'run-together-name', message: '`LindeForsberg` may be two names.', source: { file: 'references/x.ris', line: 1, column: 1 }, id: 'x', severity: 'warning' },
      { messageId: 'unsupported-file', message: '`references/a.csv` cannot be read.', source: { file: 'references/a.csv', line: 1, column: 1 } },
    ]);
    const findings = runRule(rule, { bibliography });
    expect(findings.map((f) => [f.file, f.severity])).toEqual([
      ['references/x.ris', 'warn'],
      ['references/a.csv', 'error'],
    ]);
  });
});
