import type { Finding } from '../lint/types.js';
import type { Reporter } from './types.js';

/** SGR open/close pairs; closing with the matching reset keeps nested styles intact. */
const ANSI = {
  underline: ['\u001b[4m', '\u001b[24m'],
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
} as const;

type Style = keyof typeof ANSI;
type Paint = (style: Style, text: string) => string;

const paintWith =
  (color: boolean): Paint =>
  (style, text) =>
    color && text !== '' ? `${ANSI[style][0]}${text}${ANSI[style][1]}` : text;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** ESLint drops one trailing full stop so the rule id reads as the end of the sentence. */
const withoutFinalStop = (message: string): string => message.replace(/([^ ])\.$/u, '$1');

interface Row {
  line: string;
  column: string;
  kind: 'error' | 'warning';
  message: string;
  ruleId: string;
}

function toRow(finding: Finding): Row {
  return {
    line: String(finding.line),
    column: String(finding.column),
    kind: finding.severity === 'error' ? 'error' : 'warning',
    message: withoutFinalStop(finding.message),
    ruleId: finding.ruleId ?? '',
  };
}

/**
 * ESLint's stylish layout: line numbers right-aligned against the colon,
 * columns, severities and messages left-aligned, widths measured before any
 * colour is added so escapes never skew the table.
 */
function formatTable(rows: Row[], paint: Paint): string[] {
  // A loop, not Math.max(...spread): 200,000 findings in one file overflowed the stack as call arguments.
  const width = (pick: (row: Row) => string): number => rows.reduce((max, row) => Math.max(max, pick(row).length), 0);
  const lineWidth = width((row) => row.line);
  const columnWidth = width((row) => row.column);
  const kindWidth = width((row) => row.kind);
  const messageWidth = width((row) => row.message);
  return rows.map((row) => {
    const position = paint('dim', `${row.line.padStart(lineWidth)}:${row.column.padEnd(columnWidth)}`);
    const kind = paint(row.kind === 'error' ? 'red' : 'yellow', row.kind) + ' '.repeat(kindWidth - row.kind.length);
    const cells = [position, kind, row.message.padEnd(messageWidth), paint('dim', row.ruleId)];
    return `  ${cells.join('  ')}`.trimEnd();
  });
}

export const stylish: Reporter = (results, options) => {
  const paint = paintWith(options.color);
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  const out: string[] = [];

  for (const { filePath, findings } of results) {
    if (findings.length === 0) continue;
    for (const finding of findings) {
      if (finding.severity === 'error') {
        errors += 1;
        if (finding.fix) fixableErrors += 1;
      } else {
        warnings += 1;
        if (finding.fix) fixableWarnings += 1;
      }
    }
    out.push('', paint('underline', filePath));
    // One push per row: spreading 200,000 rows into one call overflowed the stack.
    for (const row of formatTable(findings.map(toRow), paint)) out.push(row);
  }

  const total = errors + warnings;
  if (total === 0) return '';

  const summaryColor: Style = errors > 0 ? 'red' : 'yellow';
  const summary = `\u2716 ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  out.push('', paint(summaryColor, paint('bold', summary)));
  if (fixableErrors + fixableWarnings > 0) {
    const fixable = `  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`;
    out.push(paint(summaryColor, paint('bold', fixable)));
  }
  return `${out.join('\n')}\n\n`;
};
