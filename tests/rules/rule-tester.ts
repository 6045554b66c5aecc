/**
 * A RuleTester in ESLint's manner: runs a rule over valid and invalid
 * examples (a small project each: one article, its references) and asserts
 * what it reports by messageId and data, position, severity, suggestions and
 * the article after `--fix`, never by rendered prose. The article goes
 * through the document layer as the CLI's does (decode, limits, parse), so
 * `file` rules see the same unreadable articles.
 */
import { describe, expect, it } from 'vitest';
import { bibliographyFromTexts } from '../../src/bibliography/load.js';
import { decodeArticle, parseArticle, TOO_DEEP } from '../../src/document/article.js';
import { DEFAULT_CONFIG } from '../../src/document/config.js';
import { applyFixes } from '../../src/lint/fix.js';
import { createLinter } from '../../src/lint/linter.js';
import { renderMessage } from '../../src/rules/messages.js';
import { projectArticle, type Finding, type ParsedArticle, type Report, type Rule, type UnreadableArticle } from '../../src/lint/types.js';
import type { InvalidRuleExample, RuleExample, RuleExamples } from '../../src/rules/define.js';

const ARTICLE = 'articles/example.md';

interface Reported {
  report: Report;
  finding: Finding;
}

/** Runs one rule over one example, at the rule's default severity with the example's options. */
export function runExample(rule: Rule, example: RuleExample): { reported: Reported[]; source?: string } {
  const files: Record<string, string> = { ...example.files };
  for (const item of example.references ?? []) files[`references/${String(item.id)}.json`] = `${JSON.stringify(item)}\n`;
  const bibliography = bibliographyFromTexts(files);
  const reports: Report[] = [];
  // The same rule, its reports recorded on the way to the linter (a Finding keeps no messageId data).
  const recording = { meta: rule.meta, check: (ctx: { report(r: Report): void }) => rule.check({ ...ctx, report: (r: Report) => (reports.push(r), ctx.report(r)) } as never) } as Rule;
  const config = { ...DEFAULT_CONFIG, rules: { [rule.meta.id]: { severity: rule.meta.defaultSeverity, options: example.options ?? {} } } };
  const linter = createLinter({ bibliography, config, allArticles: true, rules: [recording] });

  let article: ParsedArticle | undefined;
  let unreadable: UnreadableArticle | undefined;
  if (example.article !== undefined) {
    const decoded = decodeArticle(new TextEncoder().encode(example.article));
    if (!decoded.ok) unreadable = { file: ARTICLE, reason: decoded.reason, message: decoded.message, line: decoded.line, column: decoded.column };
    else {
      try {
        article = parseArticle(ARTICLE, decoded.source);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        unreadable = { file: ARTICLE, ...TOO_DEEP };
      }
    }
  }
  const made: Finding[] = [];
  if (article) made.push(...linter.addArticle(article));
  if (unreadable) made.push(...linter.addUnreadable(unreadable));
  linter.checkBibliography();
  const byFile = linter.finish(article ? [projectArticle(article)] : []);
  const findings = [...byFile.values()].flat();
  expect(findings, 'the linter returned one finding for each report').toHaveLength(reports.length);
  // Pair each report with its finding by what they share: place and prose.
  const reported = reports.map((report): Reported => {
    const message = renderMessage(rule.meta.messages[report.messageId] ?? '', report.data);
    const finding = findings.find((f) => f.file === report.file && f.line === report.line && f.column === report.column && f.message === message)!;
    return { report, finding };
  });
  reported.sort((a, b) => a.report.line - b.report.line || a.report.column - b.report.column);
  return { reported, source: article?.source };
}

function checkInvalid(rule: Rule, example: InvalidRuleExample): void {
  const { reported, source } = runExample(rule, example);
  expect(
    reported.map((r) => r.report.messageId),
    'one finding for each expected error, in order of position',
  ).toEqual(example.errors.map((e) => e.messageId));
  example.errors.forEach((expected, i) => {
    const { report, finding } = reported[i]!;
    expect(finding.message, 'every placeholder of the message is filled').not.toMatch(/\{\{\s*[\w-]+\s*\}\}/);
    if (expected.data) for (const [key, value] of Object.entries(expected.data)) expect(report.data?.[key], `data.${key}`).toBe(value);
    if (expected.line !== undefined) expect(report.line, 'line').toBe(expected.line);
    if (expected.column !== undefined) expect(report.column, 'column').toBe(expected.column);
    if (expected.severity !== undefined) expect(finding.severity, 'severity').toBe(expected.severity);
    if (expected.suggestions !== undefined) {
      expect((report.suggestions ?? []).map((s) => s.desc), 'suggestions').toEqual(expected.suggestions.map((s) => s.desc));
      expected.suggestions.forEach((s, k) => {
        if (s.output === undefined) return;
        const fix = report.suggestions![k]!.fix;
        expect(fix, `suggestion ${s.desc} carries a fix`).toBeDefined();
        expect(source!.slice(0, fix!.start) + fix!.text + source!.slice(fix!.end), `output of suggestion ${s.desc}`).toBe(s.output);
      });
    }
  });
  const fixed = source === undefined ? undefined : applyFixes(source, reported.map((r) => r.finding)).output;
  if (example.output !== undefined) expect(fixed, 'the article after --fix').toBe(example.output);
  else expect(fixed, 'the rule fixed the article: the example must give its `output`').toBe(source);
}

/** Declares the tests of one rule's examples (ESLint's `RuleTester.run`). */
export function testRule(rule: Rule, examples: RuleExamples): void {
  describe(rule.meta.id, () => {
    it('documents at least one passing and one failing example', () => {
      expect(examples.valid.length).toBeGreaterThan(0);
      expect(examples.invalid.length).toBeGreaterThan(0);
    });
    for (const example of examples.valid) {
      it(`valid: ${example.name}`, () => {
        expect(runExample(rule, example).reported.map((r) => r.finding)).toEqual([]);
      });
    }
    for (const example of examples.invalid) {
      it(`invalid: ${example.name}`, () => checkInvalid(rule, example));
    }
  });
}
