import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarif } from '../../src/report/sarif.js';
import type { Finding } from '../../src/lint/types.js';
import type { FileResult, ReporterOptions } from '../../src/report/index.js';
import { baseOptions, mismatch, sampleResults, weak } from './sample.js';

// Both packages are CommonJS with an `exports.default`; under NodeNext the default import is the whole module.
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

const schemaPath = fileURLToPath(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url));
const ajv = new AjvDraft04({ allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

function expectValid(log: unknown): void {
  const ok = validateSarif(log);
  expect(ok, ajv.errorsText(validateSarif.errors, { separator: '\n' })).toBe(true);
}

const article = [
  '# Ketamine',
  '',
  '', '', '',
  '',
  'Ketamine has been shown to help [@blog2020].',
  ...Array.from({ length: 33 }, () => ''),
  'Nerve blocks reduce pain [@sdrulla2018spinal].',
].join('\n');

let cwd = '';
let options: ReporterOptions;
const parse = (results: FileResult[], opts: ReporterOptions = options): Log => JSON.parse(sarif(results, opts)) as Log;
const results = (log: Log): Result[] => log.runs[0]!.results ?? [];

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'citemark-sarif-'));
  mkdirSync(join(cwd, 'articles'));
  mkdirSync(join(cwd, 'references'));
  writeFileSync(join(cwd, 'articles/ketamine-pain-relief.md'), article);
  writeFileSync(join(cwd, 'references/niesters2014ketamine.yaml'), 'id: niesters2014ketamine\ntitle: Ketamine\n');
  options = { ...baseOptions, cwd, ruleDocsUrl: (id) => `https://example.org/rules/${id}` };
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('sarif reporter', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const log = parse(sampleResults);
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/u);
    expect(log.runs).toHaveLength(1);
    expect(results(log)).toHaveLength(3);
  });

  it('validates with no findings, listing every rule and an empty results array', () => {
    const log = parse([{ filePath: 'articles/clean.md', findings: [] }]);
    expectValid(log);
    expect(results(log)).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules!.map((r) => r.id)).toEqual([
      'topic-mismatch',
      'weak-evidence',
      'duplicate-reference',
      'unused-reference',
    ]);
  });

  it('the validator rejects a broken log, so the checks above can fail', () => {
    const log = parse(sampleResults) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    log.runs[0]!.results[0]!['level'] = 'fatal';
    expect(validateSarif(log)).toBe(false);
    const noVersion = parse(sampleResults) as unknown as Record<string, unknown>;
    delete noVersion['version'];
    expect(validateSarif(noVersion)).toBe(false);
  });

  it('describes the driver and each rule as GitHub code scanning reads them', () => {
    const driver = parse(sampleResults).runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'citemark', version: '0.1.0', semanticVersion: '0.1.0' });
    expect(driver.informationUri).toMatch(/^https:\/\//u);
    expect(driver.rules![1]).toEqual({
      id: 'weak-evidence',
      name: 'WeakEvidence',
      shortDescription: { text: 'Strong wording supported only by weak sources.' },
      fullDescription: { text: 'Strong wording supported only by weak sources.' },
      help: {
        text: 'Strong wording supported only by weak sources. See https://example.org/rules/weak-evidence',
        markdown: '**weak-evidence**: Strong wording supported only by weak sources.\n\n[Documentation](https://example.org/rules/weak-evidence)',
      },
      helpUri: 'https://example.org/rules/weak-evidence',
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['citations', 'article'] },
    });
    const withoutDocs = parse(sampleResults, { ...options, ruleDocsUrl: undefined }).runs[0]!.tool.driver.rules![0]!;
    expect(withoutDocs.helpUri).toBeUndefined();
  });

  it('points each result at its rule, level, relative uri and region', () => {
    const log = parse(sampleResults);
    const rules = log.runs[0]!.tool.driver.rules!;
    for (const result of results(log)) expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
    const [first, second, third] = results(log);
    expect(first).toMatchObject({ ruleId: 'weak-evidence', level: 'warning', message: { text: weak.message } });
    expect(second!.level).toBe('error');
    expect(second!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'articles/ketamine-pain-relief.md', uriBaseId: '%SRCROOT%' },
      region: { startLine: 41, startColumn: 63, endLine: 41, endColumn: 79 },
    });
    expect(third!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 1, startColumn: 1 });
    const base = log.runs[0]!.originalUriBaseIds!['%SRCROOT%']!.uri!;
    expect(base).toBe(`${pathToFileURL(cwd).href}/`);
  });

  it('percent-encodes file names that are not valid URI characters', () => {
    const finding = { ...weak, file: 'articles/pain relief#1.md' };
    const log = parse([{ filePath: 'articles/pain relief#1.md', findings: [finding] }]);
    expectValid(log);
    expect(results(log)[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('articles/pain%20relief%231.md');
  });

  describe('partialFingerprints.primaryLocationLineHash', () => {
    const hashOf = (log: Log, index: number): string => results(log)[index]!.partialFingerprints!['primaryLocationLineHash']!;

    it('is 16 hex digits and an occurrence number, the same on every run', () => {
      const a = parse(sampleResults);
      expect(hashOf(a, 1)).toMatch(/^[0-9a-f]{16}:1$/u);
      expect(hashOf(parse(sampleResults), 1)).toBe(hashOf(a, 1));
      expect(new Set([0, 1, 2].map((i) => hashOf(a, i))).size).toBe(3);
    });

    it('survives lines inserted above the finding, and changes when the flagged line changes', () => {
      const before = hashOf(parse(sampleResults), 1);
      writeFileSync(join(cwd, 'articles/ketamine-pain-relief.md'), `New intro.\n\n${article}`);
      const shifted: Finding = { ...mismatch, line: 43, endLine: 43 };
      const moved = parse([{ filePath: 'articles/ketamine-pain-relief.md', findings: [weak, shifted] }]);
      expect(hashOf(moved, 1)).toBe(before);
      writeFileSync(join(cwd, 'articles/ketamine-pain-relief.md'), article.replace('Nerve blocks reduce', 'Nerve blocks ease'));
      expect(hashOf(parse(sampleResults), 1)).not.toBe(before);
      writeFileSync(join(cwd, 'articles/ketamine-pain-relief.md'), article);
    });

    it('numbers identical findings in one file', () => {
      const twice = parse([{ filePath: 'articles/ketamine-pain-relief.md', findings: [mismatch, { ...mismatch, column: 70 }] }]);
      const [h1, h2] = [hashOf(twice, 0), hashOf(twice, 1)];
      expect(h1.split(':')[0]).toBe(h2.split(':')[0]);
      expect([h1.split(':')[1], h2.split(':')[1]]).toEqual(['1', '2']);
    });

    it('still exists when the file cannot be read', () => {
      const log = parse([{ filePath: 'articles/missing.md', findings: [{ ...weak, file: 'articles/missing.md' }] }]);
      expect(hashOf(log, 0)).toMatch(/^[0-9a-f]{16}:1$/u);
    });
  });

  it('turns a fatal finding into a tool execution notification, not an alert', () => {
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
    const log = parse([{ filePath: 'articles/bad.md', findings: [fatal] }, ...sampleResults]);
    expectValid(log);
    expect(results(log)).toHaveLength(3);
    const invocation = log.runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: fatal.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'articles/bad.md', uriBaseId: '%SRCROOT%' },
              region: { startLine: 1, startColumn: 1 },
            },
          },
        ],
      },
    ]);
  });

  it('adds a minimal descriptor for a rule id missing from options.rules', () => {
    const stray: Finding = { ...weak, ruleId: 'plugin-rule' };
    const log = parse([{ filePath: 'articles/ketamine-pain-relief.md', findings: [stray, stray] }]);
    expectValid(log);
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.filter((r) => r.id === 'plugin-rule')).toEqual([{ id: 'plugin-rule', name: 'PluginRule' }]);
    expect(results(log).map((r) => r.ruleIndex)).toEqual([4, 4]);
  });
});
