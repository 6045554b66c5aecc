/**
 * invalid-reference: a bibliography item that fails the schema or a content
 * check, or a bibliography file that does not parse.
 *
 * Fails:  an item with no `title`; `issued: {date-parts: [[2019, 13]]}`;
 *         `DOI: not-a-doi`; a YAML syntax error; a `.csv` under `references/`
 * Warns:  `given: ShwethaHulimavu` (a name that may be run together)
 * Passes: a complete CSL item
 */
import { bibliographyRule } from './define.js';

export default bibliographyRule(
  {
    id: 'invalid-reference',
    defaultSeverity: 'error',
    description: 'A bibliography item that fails the schema, or a file that does not parse.',
    messages: {
      problem: '{{message}}',
    },
  },
  (ctx) => {
    for (const problem of ctx.bibliography.problems) {
      ctx.report({
        messageId: 'problem',
        data: { message: problem.message },
        file: problem.source.file,
        line: problem.source.line,
        column: problem.source.column,
        ...(problem.severity === 'warning' ? { severity: 'warn' as const } : {}),
      });
    }
  },
);
