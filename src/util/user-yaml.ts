/**
 * Parses a settings file a user wrote (config, topic vocabulary) as YAML
 * (JSON is YAML 1.2) with positions. A syntax error is a UsageError that
 * names file:line:column and says to fix it.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { UsageError } from '../document/errors.js';

export function parseUserYaml(text: string, file: string, what: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    // The position is already in front; drop yaml's own " at line L, column C:" (by index: a regex here backtracks).
    const first = err.message.split('\n')[0]!;
    const at = first.lastIndexOf(' at line ');
    const reason = at === -1 ? first : first.slice(0, at).trimEnd();
    throw new UsageError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${what} does not parse: ${reason}. Fix the syntax and run again.`, {
      file,
      ...(pos ? { line: pos.line, column: pos.col } : {}),
    });
  }
  return { doc, lineCounter };
}
