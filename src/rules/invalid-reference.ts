/**
 * invalid-reference: a bibliography item that fails the schema or a content
 * check, or a bibliography file that does not parse. Each finding carries
 * the loader's or validator's own problem id as its messageId (`schema`,
 * `missing-title`, `invalid-date`, `parse-error`, …; see LOAD_PROBLEM_IDS);
 * the prose is theirs, since it names the field and value at fault. A name
 * that may be run together (`run-together-name`) is a warning. The examples
 * below (`examples`) are this rule's tests.
 */
import { LOAD_PROBLEM_IDS } from '../bibliography/types.js';
import { bibliographyRule, type RuleExamples } from './define.js';

export default bibliographyRule(
  {
    id: 'invalid-reference',
    defaultSeverity: 'error',
    docs: { description: 'A bibliography item that fails the schema, or a file that does not parse.' },
    messages: Object.fromEntries(LOAD_PROBLEM_IDS.map((id) => [id, '{{message}}'])),
  },
  (ctx) => {
    for (const problem of ctx.bibliography.problems) {
      ctx.report({
        messageId: problem.messageId,
        data: { message: problem.message },
        file: problem.source.file,
        line: problem.source.line,
        column: problem.source.column,
        ...(problem.severity === 'warning' ? { severity: 'warn' as const } : {}),
      });
    }
  },
);

const complete = { id: 'smith2019', type: 'article-journal', title: 'Pain', author: [{ family: 'Smith', given: 'Ann' }], issued: { 'date-parts': [[2019]] } };

export const examples: RuleExamples = {
  valid: [{ name: 'a complete CSL item', references: [complete] }],
  invalid: [
    { name: 'no title', references: [{ ...complete, title: undefined }], errors: [{ messageId: 'missing-title' }] },
    { name: 'month 13', references: [{ ...complete, issued: { 'date-parts': [[2019, 13]] } }], errors: [{ messageId: 'invalid-date' }] },
    { name: 'a DOI that is not a DOI', references: [{ ...complete, DOI: 'not-a-doi' }], errors: [{ messageId: 'invalid-doi' }] },
    { name: 'a YAML syntax error', files: { 'references/broken.yaml': 'id: a\ntitle: [unclosed\n' }, errors: [{ messageId: 'parse-error' }] },
    { name: 'a file citemark does not read', files: { 'references/list.csv': 'id,title\na,Pain\n' }, errors: [{ messageId: 'unsupported-file' }] },
    {
      name: 'a name that may be run together is a warning',
      references: [{ ...complete, author: [{ family: 'Hulimavu', given: 'ShwethaHulimavu' }] }],
      errors: [{ messageId: 'run-together-name', severity: 'warn' }],
    },
  ],
};
