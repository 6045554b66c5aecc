/**
 * invalid-front-matter: an article's YAML front matter that does not parse.
 * Its settings (title, csl, lang…) are then ignored, so render would use
 * the project's defaults without saying so; the article is still linted.
 * The examples below (`examples`) are this rule's tests.
 */
import { articleRule, type RuleExamples } from './define.js';

export default articleRule(
  {
    id: 'invalid-front-matter',
    defaultSeverity: 'error',
    docs: { description: 'Front matter that does not parse, whose settings are then ignored.' },
    messages: {
      // The YAML reader's reason is part of the prose the document layer writes.
      unparsable: '{{message}}',
    },
  },
  (ctx) => {
    for (const problem of ctx.article.problems ?? []) {
      ctx.report({ messageId: problem.reason, data: { message: problem.message }, file: ctx.article.file, line: problem.line, column: problem.column });
    }
  },
);

export const examples: RuleExamples = {
  valid: [
    { name: 'front matter closed by `---`', article: '---\ntitle: Ketamine\nlang: en-US\n---\n\nText.\n' },
    { name: 'front matter closed by `...`, as pandoc allows', article: '---\ntitle: Ketamine\n...\n\nText.\n' },
    { name: 'no front matter', article: 'Text.\n' },
  ],
  invalid: [
    {
      name: 'a YAML syntax error, reported on its line',
      article: '---\ntitle: Ketamine\nlang: [en\n---\n\nText.\n',
      errors: [{ messageId: 'unparsable', line: 3 }],
    },
  ],
};
