/**
 * unreadable-article: an article that could not be linted at all — it
 * cannot be read, is binary or not UTF-8, is over a size limit, or is
 * nested too deeply to parse. The finding is fatal (ESLint's fatal parse
 * error): nothing else is reported for the file. Turning the rule off lets
 * such a file pass unread. The examples below (`examples`) are its tests.
 */
import { fileRule, type RuleExamples } from './define.js';

export default fileRule(
  {
    id: 'unreadable-article',
    defaultSeverity: 'error',
    docs: { description: 'An article that cannot be read, decoded or parsed within the size limits.' },
    // One id per reason the document layer gives; its message already names the numbers and what to do.
    messages: {
      'cannot-read': '{{message}}',
      'too-large': '{{message}}',
      binary: '{{message}}',
      'not-utf8': '{{message}}',
      'too-many-citations': '{{message}}',
      'block-too-long': '{{message}}',
      'too-many-brackets': '{{message}}',
      'too-deep': '{{message}}',
    },
  },
  (ctx) => {
    const { unreadable } = ctx;
    ctx.report({
      messageId: unreadable.reason,
      data: { message: unreadable.message },
      file: unreadable.file,
      line: unreadable.line,
      column: unreadable.column,
      fatal: true,
    });
  },
);

export const examples: RuleExamples = {
  valid: [{ name: 'a UTF-8 Markdown article', article: 'Ketamine, café, naïve [@a].\n' }],
  invalid: [
    { name: 'a NUL byte: a binary file', article: 'Text\u0000more.\n', errors: [{ messageId: 'binary', line: 1, column: 5 }] },
    {
      name: 'a block of over 1,000 square brackets',
      article: `${'[a] '.repeat(501)}\n`,
      errors: [{ messageId: 'too-many-brackets', line: 1 }],
    },
    { name: 'block quotes nested 150 deep', article: `${'> '.repeat(150)}Text.\n`, errors: [{ messageId: 'too-deep', line: 1, column: 1 }] },
  ],
};
