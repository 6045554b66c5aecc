import type { Finding, TextEdit } from '../lint/types.js';
import type { FileResult, Reporter } from './types.js';

/**
 * One message as ESLint's JSON formatter prints it. Optional keys are left out
 * rather than set to undefined, so the printed object holds only what applies.
 */
export interface EslintMessage {
  /** null only for a fatal problem (the file could not be read or parsed). */
  ruleId: string | null;
  /** 2 for error, 1 for warning. */
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  messageId?: string;
  endLine?: number;
  endColumn?: number;
  fatal?: true;
  fix?: { range: [number, number]; text: string };
  /** As ESLint's: a `desc` (ours is the replacement text itself, a citekey say, so tools can offer it as is) and the `fix` that writes it. */
  suggestions?: { desc: string; fix?: { range: [number, number]; text: string } }[];
}

export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  suppressedMessages: [];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

function eslintFix(edit: TextEdit): { range: [number, number]; text: string } {
  return { range: [edit.start, edit.end], text: edit.text };
}

function toEslintMessage(finding: Finding): EslintMessage {
  const message: EslintMessage = {
    ruleId: finding.ruleId,
    severity: finding.severity === 'error' ? 2 : 1,
    message: finding.message,
    line: finding.line,
    column: finding.column,
  };
  if (finding.messageId) message.messageId = finding.messageId;
  if (finding.endLine !== undefined) message.endLine = finding.endLine;
  if (finding.endColumn !== undefined) message.endColumn = finding.endColumn;
  if (finding.fatal) message.fatal = true;
  if (finding.fix) message.fix = eslintFix(finding.fix);
  if (finding.suggestions && finding.suggestions.length > 0) {
    message.suggestions = finding.suggestions.map(({ desc, fix }) => (fix ? { desc, fix: eslintFix(fix) } : { desc }));
  }
  return message;
}

/** The array ESLint's `--format json` prints, one entry per file given, files with no findings included. */
export function toEslintResults(results: FileResult[]): EslintResult[] {
  return results.map(({ filePath, findings }) => {
    const result: EslintResult = {
      filePath: filePath.replaceAll('\\', '/'),
      messages: findings.map(toEslintMessage),
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    };
    for (const finding of findings) {
      if (finding.severity === 'error') {
        result.errorCount += 1;
        if (finding.fatal) result.fatalErrorCount += 1;
        if (finding.fix) result.fixableErrorCount += 1;
      } else {
        result.warningCount += 1;
        if (finding.fix) result.fixableWarningCount += 1;
      }
    }
    return result;
  });
}

export const json: Reporter = (results) => `${JSON.stringify(toEslintResults(results))}\n`;
