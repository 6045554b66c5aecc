import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Finding, RuleMeta } from '../lint/types.js';
import type { FileResult, Reporter, ReporterOptions } from './types.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/citemark';
const SRCROOT = '%SRCROOT%';

const level = (finding: Finding): 'error' | 'warning' => (finding.severity === 'error' ? 'error' : 'warning');

/** `unknown-key` → `UnknownKey`: SARIF wants a display name distinct from the opaque id. */
const displayName = (ruleId: string): string =>
  ruleId
    .split(/[^A-Za-z0-9]+/u)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

/** Relative, `/`-separated, each segment percent-encoded so the result is a valid URI reference. */
const toUri = (filePath: string): string =>
  filePath.replaceAll('\\', '/').split('/').map(encodeURIComponent).join('/');

function describeRule(rule: RuleMeta, docsUrl: string | undefined): ReportingDescriptor {
  const markdown = docsUrl
    ? `**${rule.id}**: ${rule.docs.description}\n\n[Documentation](${docsUrl})`
    : `**${rule.id}**: ${rule.docs.description}`;
  const descriptor: ReportingDescriptor = {
    id: rule.id,
    name: displayName(rule.id),
    shortDescription: { text: rule.docs.description },
    fullDescription: { text: rule.docs.description },
    help: { text: docsUrl ? `${rule.docs.description} See ${docsUrl}` : rule.docs.description, markdown },
    defaultConfiguration: { level: rule.defaultSeverity === 'error' ? 'error' : 'warning' },
    properties: { tags: ['citations', rule.scope] },
  };
  if (docsUrl) descriptor.helpUri = docsUrl;
  return descriptor;
}

/**
 * The fingerprint GitHub code scanning uses to recognise an alert across
 * commits (`partialFingerprints.primaryLocationLineHash`): the first 16 hex
 * digits of SHA-256 over rule id, file, message and the flagged line's text
 * with whitespace collapsed, then `:n` for the n-th identical finding in the
 * file. No line number goes in, so edits above a finding keep its identity;
 * re-indenting or re-wrapping elsewhere does not change it either.
 */
export function lineFingerprint(ruleId: string, filePath: string, message: string, lineText: string): string {
  const normalized = lineText.replace(/\s+/gu, ' ').trim();
  return createHash('sha256')
    .update([ruleId, filePath, message, normalized].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
}

/** Reads each file once; a file that cannot be read contributes an empty line, so the hash still exists. */
function lineReader(cwd: string): (filePath: string, line: number) => string {
  const cache = new Map<string, string[]>();
  return (filePath, line) => {
    let lines = cache.get(filePath);
    if (!lines) {
      try {
        lines = readFileSync(join(cwd, filePath), 'utf8').split(/\r\n|\r|\n/u);
      } catch {
        lines = [];
      }
      cache.set(filePath, lines);
    }
    return lines[line - 1] ?? '';
  };
}

function region(finding: Finding): NonNullable<NonNullable<Result['locations']>[number]['physicalLocation']>['region'] {
  return {
    startLine: finding.line,
    startColumn: finding.column,
    ...(finding.endLine !== undefined ? { endLine: finding.endLine } : {}),
    ...(finding.endColumn !== undefined ? { endColumn: finding.endColumn } : {}),
  };
}

/** A SARIF 2.1.0 log with one run, in the subset GitHub code scanning reads. */
export function toSarifLog(results: FileResult[], options: ReporterOptions): Log {
  const descriptors: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (descriptor: ReportingDescriptor): number => {
    const existing = ruleIndex.get(descriptor.id);
    if (existing !== undefined) return existing;
    ruleIndex.set(descriptor.id, descriptors.length);
    descriptors.push(descriptor);
    return descriptors.length - 1;
  };
  for (const rule of options.rules) addRule(describeRule(rule, options.ruleDocsUrl?.(rule.id) ?? rule.docs.url));

  const readLine = lineReader(options.cwd);
  const sarifResults: Result[] = [];
  const notifications: Notification[] = [];

  for (const { filePath, findings } of results) {
    const uri = toUri(filePath);
    const occurrences = new Map<string, number>();
    for (const finding of findings) {
      const physicalLocation = { artifactLocation: { uri, uriBaseId: SRCROOT }, region: region(finding) };
      if (finding.ruleId === null || finding.fatal) {
        // A file that could not be read was never analysed: that is a fact about the run, not an alert.
        notifications.push({ level: 'error', message: { text: finding.message }, locations: [{ physicalLocation }] });
        continue;
      }
      const index = addRule({ id: finding.ruleId, name: displayName(finding.ruleId) });
      const hash = lineFingerprint(finding.ruleId, filePath, finding.message, readLine(filePath, finding.line));
      const occurrence = (occurrences.get(hash) ?? 0) + 1;
      occurrences.set(hash, occurrence);
      sarifResults.push({
        ruleId: finding.ruleId,
        ruleIndex: index,
        level: level(finding),
        message: { text: finding.message },
        locations: [{ physicalLocation }],
        partialFingerprints: { primaryLocationLineHash: `${hash}:${occurrence}` },
      });
    }
  }

  const rootUri = pathToFileURL(options.cwd).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'citemark',
            version: options.toolVersion,
            ...(/^\d+\.\d+\.\d+/u.test(options.toolVersion) ? { semanticVersion: options.toolVersion } : {}),
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/` } },
        // Every file the run looked at, findings or not: what `citemark merge-reports` checks a shard's coverage against.
        artifacts: results.map(({ filePath }) => ({ location: { uri: toUri(filePath), uriBaseId: SRCROOT } })),
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
}

export const sarif: Reporter = (results, options) => `${JSON.stringify(toSarifLog(results, options), null, 2)}\n`;
