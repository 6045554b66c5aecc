import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { json } from '../../src/report/json.js';
import type { Finding } from '../../src/lint/types.js';
import { baseOptions, sampleResults } from './sample.js';

const positive = z.number().int().min(1);

/** ESLint's JSON formatter output, strict: any key ESLint does not print makes it fail. */
const eslintMessage = z.strictObject({
  ruleId: z.string().nullable(),
  severity: z.union([z.literal(1), z.literal(2)]),
  message: z.string().min(1),
  line: positive,
  column: positive,
  messageId: z.string().optional(),
  endLine: positive.optional(),
  endColumn: positive.optional(),
  fatal: z.literal(true).optional(),
  fix: z.strictObject({ range: z.tuple([z.number().int(), z.number().int()]), text: z.string() }).optional(),
  suggestions: z.array(z.strictObject({ desc: z.string() })).min(1).optional(),
});
const count = z.number().int().min(0);
const eslintOutput = z.array(
  z.strictObject({
    filePath: z.string().regex(/^[^\\]+$/u, 'no backslashes').refine((p) => !p.startsWith('/'), 'relative'),
    messages: z.array(eslintMessage),
    suppressedMessages: z.array(z.never()).length(0),
    errorCount: count,
    fatalErrorCount: count,
    warningCount: count,
    fixableErrorCount: count,
    fixableWarningCount: count,
  }),
);

describe('json reporter', () => {
  it('prints exactly ESLint’s shape, files in the order given, the empty file included', () => {
    const out = json(sampleResults, baseOptions);
    const expected = [
      {
        filePath: 'articles/ketamine-pain-relief.md',
        messages: [
          {
            ruleId: 'weak-evidence',
            severity: 1,
            message: '`has been shown` rests only on `web-page` sources.',
            line: 7,
            column: 1,
            messageId: 'weak',
          },
          {
            ruleId: 'topic-mismatch',
            severity: 2,
            message:
              'Claim is about `nerve-block` but `sdrulla2018spinal` covers `spinal-cord-stimulation`; cite a nerve-block source such as `cohen2020nerve`',
            line: 41,
            column: 63,
            messageId: 'mismatch',
            endLine: 41,
            endColumn: 79,
            suggestions: [{ desc: 'cohen2020nerve' }],
          },
        ],
        suppressedMessages: [],
        errorCount: 1,
        fatalErrorCount: 0,
        warningCount: 1,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
      {
        filePath: 'articles/clean.md',
        messages: [],
        suppressedMessages: [],
        errorCount: 0,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
      {
        filePath: 'references/niesters2014ketamine.yaml',
        messages: [
          {
            ruleId: 'duplicate-reference',
            severity: 2,
            message:
              'Same work as `niesters2013ketamine` (references/niesters2013ketamine.yaml:1); they disagree on `issued`: 2013 vs 2014',
            line: 1,
            column: 1,
            messageId: 'same',
            fix: { range: [10, 30], text: 'niesters2013ketamine' },
          },
        ],
        suppressedMessages: [],
        errorCount: 1,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 1,
        fixableWarningCount: 0,
      },
    ];
    // Byte-exact, key order included: scripts diff this output.
    expect(out).toBe(`${JSON.stringify(expected)}\n`);
  });

  it('parses and matches the ESLint schema', () => {
    const parsed: unknown = JSON.parse(json(sampleResults, baseOptions));
    const check = eslintOutput.safeParse(parsed);
    expect(check.success, check.success ? '' : z.prettifyError(check.error)).toBe(true);
  });

  it('the schema rejects a key ESLint does not have, so the check above can fail', () => {
    const parsed = JSON.parse(json(sampleResults, baseOptions)) as { messages: Record<string, unknown>[] }[];
    parsed[0]!.messages[0]!['severity'] = 'warning';
    expect(eslintOutput.safeParse(parsed).success).toBe(false);
    const extra = JSON.parse(json(sampleResults, baseOptions)) as Record<string, unknown>[];
    extra[0]!['data'] = {};
    expect(eslintOutput.safeParse(extra).success).toBe(false);
  });

  it('prints `[]` for no files, and a file with no findings as an entry of zeros', () => {
    expect(json([], baseOptions)).toBe('[]\n');
    const [only] = JSON.parse(json([{ filePath: 'articles/a.md', findings: [] }], baseOptions)) as unknown[];
    expect(only).toEqual({
      filePath: 'articles/a.md',
      messages: [],
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    });
  });

  it('reports an unreadable file as ESLint reports a parse failure: ruleId null, fatal, counted', () => {
    const fatal: Finding = {
      ruleId: null,
      messageId: 'unreadable',
      severity: 'error',
      fatal: true,
      message: 'Cannot read `articles/bad.md`: not UTF-8; save it as UTF-8',
      file: 'articles/bad.md',
      line: 1,
      column: 1,
    };
    const [result] = JSON.parse(json([{ filePath: 'articles/bad.md', findings: [fatal] }], baseOptions)) as z.infer<
      typeof eslintOutput
    >;
    expect(result!.messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2 });
    expect(result!.errorCount).toBe(1);
    expect(result!.fatalErrorCount).toBe(1);
  });

  it('normalises Windows separators in filePath', () => {
    const [result] = JSON.parse(json([{ filePath: 'articles\\a.md', findings: [] }], baseOptions)) as { filePath: string }[];
    expect(result!.filePath).toBe('articles/a.md');
  });
});
