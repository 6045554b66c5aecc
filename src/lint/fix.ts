/**
 * Applies the text edits that rules attach to findings. Edits go through the
 * source offsets, so every byte outside them stays as it was; overlapping
 * edits are skipped (the next `--fix` run picks them up, as ESLint does).
 */
import type { Finding } from './types.js';

export interface FixOutcome {
  output: string;
  applied: Finding[];
}

export function applyFixes(source: string, findings: readonly Finding[]): FixOutcome {
  const fixable = findings
    .filter((f): f is Finding & { fix: NonNullable<Finding['fix']> } => f.fix !== undefined)
    .sort((a, b) => a.fix.start - b.fix.start || a.fix.end - b.fix.end);
  const applied: Finding[] = [];
  let output = '';
  let cursor = 0;
  for (const finding of fixable) {
    const { start, end, text } = finding.fix;
    if (start < cursor || end < start || end > source.length) continue;
    output += source.slice(cursor, start) + text;
    cursor = end;
    applied.push(finding);
  }
  output += source.slice(cursor);
  return { output, applied };
}
