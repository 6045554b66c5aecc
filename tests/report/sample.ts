import type { Finding, RuleMeta } from '../../src/lint/types.js';
import type { FileResult, ReporterOptions } from '../../src/report/index.js';

export const rules: RuleMeta[] = [
  {
    id: 'topic-mismatch',
    defaultSeverity: 'error',
    docs: { description: 'A claim cites a reference whose topics share nothing with the claim.', url: '' },
    messages: { mismatch: 'Claim is about `{{claim}}` but `{{key}}` covers `{{ref}}`' },
    scope: 'article',
  },
  {
    id: 'weak-evidence',
    defaultSeverity: 'warn',
    docs: { description: 'Strong wording supported only by weak sources.', url: '' },
    messages: { weak: '`{{phrase}}` rests only on `{{kind}}` sources' },
    scope: 'article',
  },
  {
    id: 'duplicate-reference',
    defaultSeverity: 'error',
    docs: { description: 'Two bibliography items are the same work.', url: '' },
    messages: { same: 'Same work as `{{other}}`' },
    scope: 'bibliography',
  },
  {
    id: 'unused-reference',
    defaultSeverity: 'warn',
    docs: { description: 'A bibliography item no article cites.', url: '' },
    messages: { unused: '`{{key}}` is never cited' },
    scope: 'project',
  },
];

export const mismatch: Finding = {
  ruleId: 'topic-mismatch',
  messageId: 'mismatch',
  severity: 'error',
  message: 'Claim is about `nerve-block` but `sdrulla2018spinal` covers `spinal-cord-stimulation`; cite a nerve-block source such as `cohen2020nerve`',
  file: 'articles/ketamine-pain-relief.md',
  line: 41,
  column: 63,
  endLine: 41,
  endColumn: 79,
  suggestions: [{ desc: 'cohen2020nerve' }],
};

export const weak: Finding = {
  ruleId: 'weak-evidence',
  messageId: 'weak',
  severity: 'warn',
  message: '`has been shown` rests only on `web-page` sources.',
  file: 'articles/ketamine-pain-relief.md',
  line: 7,
  column: 1,
};

export const duplicate: Finding = {
  ruleId: 'duplicate-reference',
  messageId: 'same',
  severity: 'error',
  message: 'Same work as `niesters2013ketamine` (references/niesters2013ketamine.yaml:1); they disagree on `issued`: 2013 vs 2014',
  file: 'references/niesters2014ketamine.yaml',
  line: 1,
  column: 1,
  fix: { start: 10, end: 30, text: 'niesters2013ketamine' },
};

/** Two findings in one article (sorted), one in a bibliography file, and a file with none. */
export const sampleResults: FileResult[] = [
  { filePath: 'articles/ketamine-pain-relief.md', findings: [weak, mismatch] },
  { filePath: 'articles/clean.md', findings: [] },
  { filePath: 'references/niesters2014ketamine.yaml', findings: [duplicate] },
];

export const baseOptions: ReporterOptions = {
  color: false,
  cwd: '/project',
  toolVersion: '0.1.0',
  rules,
};
