/**
 * The rule API's contracts, as ESLint keeps them: options checked against
 * each rule's schema when the config loads (a wrong one is a usage error
 * naming the file, line and rule), fixes only from fixable rules,
 * suggestions only from rules that declare them, a documentation link on
 * every rule, and article-level problems as rules a config can turn off.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/document/config.js';
import { UsageError } from '../../src/document/errors.js';
import { createLinter } from '../../src/lint/linter.js';
import type { Rule } from '../../src/lint/types.js';
import { ALL_RULES } from '../../src/rules/index.js';
import { articleRule } from '../../src/rules/define.js';
import { citemark, tempProject, type JsonResult } from '../helpers/cli.js';
import { makeArticle, makeBibliography } from '../helpers/lint.js';
import { DEFAULT_CONFIG } from '../../src/document/config.js';
import { toSarifLog } from '../../src/report/sarif.js';

const specs = ALL_RULES.map((r) => r.meta);

function configError(text: string): string {
  try {
    parseConfig(text, 'citemark.config.json', specs);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('rule options', () => {
  it('a rule without options refuses any (the issue: `["warn", "nonsense"]` passed)', () => {
    expect(configError('{\n  "rules": {\n    "topic-mismatch": ["warn", "nonsense"]\n  }\n}')).toBe(
      'citemark.config.json:3: rule `topic-mismatch` has invalid options: expected object, received string; `topic-mismatch` takes no options, so give only a severity.',
    );
    expect(configError('{"rules": {"topic-mismatch": ["warn", {"k": 3}]}}')).toMatch(/rule `topic-mismatch` has invalid options: unknown option `k`; `topic-mismatch` takes no options/);
  });

  it('options are checked against the rule schema, naming the option', () => {
    expect(configError('{"rules": {"unknown-key": ["error", {"maxSuggestion": 2}]}}')).toMatch(
      /rule `unknown-key` has invalid options: unknown option `maxSuggestion`; did you mean `maxSuggestions`\? Options: `maxSuggestions`\.$/,
    );
    expect(configError('{"rules": {"unknown-key": ["error", {"maxSuggestions": -1}]}}')).toMatch(/rule `unknown-key` has invalid options: `maxSuggestions`: /);
    expect(configError('{"rules": {"unknown-key": ["error", {}, {}]}}')).toMatch(/give one options object/);
  });

  it('valid options are parsed with their defaults', () => {
    const config = parseConfig('rules:\n  unknown-key: [warn, {maxSuggestions: 1}]\n  topic-mismatch: [error]\n', 'citemark.config.yaml', specs);
    expect(config.rules['unknown-key']).toEqual({ severity: 'warn', options: { maxSuggestions: 1 } });
    expect(config.rules['topic-mismatch']).toEqual({ severity: 'error', options: {} });
  });

  it('a config built in code is checked when the linter is created', () => {
    const config = { ...DEFAULT_CONFIG, rules: { 'unknown-key': { severity: 'error' as const, options: { maxSuggestions: 'many' } } } };
    expect(() => createLinter({ bibliography: makeBibliography([]), config, rules: ALL_RULES })).toThrow(/Rule `unknown-key` has invalid options: `maxSuggestions`/);
  });

  it('the CLI exits 2 naming the config file and the rule', async () => {
    const root = tempProject({
      'citemark.config.json': '{\n  "rules": {\n    "unknown-key": ["error", {"maxSuggestions": "three"}]\n  }\n}\n',
      'articles/a.md': 'Text.\n',
      'references/.keep': '',
    });
    const run = await citemark(['lint'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/citemark\.config\.json:3: rule `unknown-key` has invalid options: `maxSuggestions`/);
  });
});

describe('the meta contract', () => {
  const source = 'See [@a].';
  const misdeclared = (meta: Partial<Rule['meta']>, report: object): Rule =>
    articleRule({ id: 'x', defaultSeverity: 'error', docs: { description: 'x' }, messages: { m: 'm' }, ...meta }, (ctx) =>
      ctx.report({ messageId: 'm', file: ctx.article.file, line: 1, column: 1, ...report }),
    );
  const run = (rule: Rule) => createLinter({ bibliography: makeBibliography([]), rules: [rule] }).addArticle(makeArticle(source));

  it('a fix needs `fixable`, suggestions need `hasSuggestions`', () => {
    const fix = { start: 6, end: 7, text: 'b' };
    expect(() => run(misdeclared({}, { fix }))).toThrow(/reported a fix but its meta does not declare `fixable: 'code'`/);
    expect(() => run(misdeclared({}, { suggestions: [{ desc: 'b', fix }] }))).toThrow(/does not declare `hasSuggestions`/);
    expect(run(misdeclared({ fixable: 'code', hasSuggestions: true }, { fix, suggestions: [{ desc: 'b', fix }] }))).toHaveLength(1);
  });

  it('every rule has a documentation link, which SARIF gives as helpUri', () => {
    for (const rule of ALL_RULES) expect(rule.meta.docs.url).toMatch(/^https:\/\//);
    const log = toSarifLog([], { cwd: '/tmp', toolVersion: '1.0.0', rules: specs, color: false });
    const descriptors = log.runs[0]!.tool.driver.rules!;
    expect(descriptors.map((d) => d.helpUri)).toEqual(specs.map((m) => m.docs.url));
  });
});

describe('article-level problems are rules', () => {
  it('an unreadable article and broken front matter carry rule ids, and the config turns them down or off', async () => {
    const root = tempProject({
      'articles/binary.md': new Uint8Array([0x54, 0x00, 0x0a]),
      'articles/front.md': '---\ntitle: [unclosed\n---\n\nText.\n',
      'references/.keep': '',
    });
    const first = await citemark(['lint', '--format', 'json'], { cwd: root });
    const messages = (JSON.parse(first.stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => [r.filePath, m.ruleId, m.severity, m.fatal ?? false]));
    expect(messages).toEqual([
      ['articles/binary.md', 'unreadable-article', 2, true],
      ['articles/front.md', 'invalid-front-matter', 2, false],
    ]);
    expect(first.code).toBe(1);
    const configured = tempProject({ 'citemark.config.yaml': 'rules:\n  unreadable-article: warn\n  invalid-front-matter: off\n' }, root);
    const second = await citemark(['lint', '--format', 'json'], { cwd: configured });
    const after = (JSON.parse(second.stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => [m.ruleId, m.severity]));
    expect(after).toEqual([['unreadable-article', 1]]);
    expect(second.code).toBe(0);
  });
});
