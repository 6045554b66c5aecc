import type { Finding } from '../lint/types.js';
import type { Reporter } from './types.js';

/** Escaping GitHub's runner applies to a workflow command's message (the text after `::`). */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A property value also must not contain the `:` that ends the properties or the `,` that separates them. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function toCommand(filePath: string, finding: Finding): string {
  const properties: [string, string | number][] = [
    ['file', filePath],
    ['line', finding.line],
    ['col', finding.column],
  ];
  if (finding.endLine !== undefined) properties.push(['endLine', finding.endLine]);
  if (finding.endColumn !== undefined) properties.push(['endColumn', finding.endColumn]);
  properties.push(['title', finding.ruleId ? `citemark(${finding.ruleId})` : 'citemark']);
  const command = finding.severity === 'error' ? 'error' : 'warning';
  const props = properties.map(([name, value]) => `${name}=${escapeProperty(String(value))}`).join(',');
  return `::${command} ${props}::${escapeData(finding.message)}`;
}

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff. */
export const github: Reporter = (results) => {
  const lines = results.flatMap(({ filePath, findings }) => findings.map((finding) => toCommand(filePath, finding)));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
