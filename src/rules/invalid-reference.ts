/**
 * invalid-reference: a bibliography item that fails the schema or a content
 * check, or a bibliography file that does not parse.
 *
 * Fails:  an item with no `title`; `issued: {date-parts: [[2019, 13]]}`;
 *         `DOI: not-a-doi`; `given: ShwethaHulimavu`; a YAML syntax error
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
      });
    }
  },
);
