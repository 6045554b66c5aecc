/**
 * Reads the results of `citemark lint --shard i/n` runs back (ESLint JSON or
 * citemark SARIF) and merges them into the results one unsharded run would
 * have printed.
 *
 * Each article is linted by exactly one shard, so its findings come from
 * that shard alone. Every shard loads the whole bibliography, so a finding
 * about a bibliography item (`invalid-reference`, `duplicate-reference`) is
 * in every shard's results and is kept once. A project rule sees only its
 * shard's articles: `unused-reference` there means "no article of this shard
 * cites it", so the item is unused in the project exactly when every shard
 * says so, and such a finding is kept only then.
 */
import type { Finding, RuleMeta, Severity, Suggestion, TextEdit } from '../lint/types.js';
import type { FileResult } from './types.js';

/** One shard's results, as read back from its output. */
export interface ShardResults {
  /** Where the results came from (a file name), for messages. */
  source: string;
  /** Every file the shard linted, those without findings included. */
  results: FileResult[];
}

export class ShardInputError extends Error {
  override readonly name = 'ShardInputError';
}

interface EslintLikeMessage {
  ruleId?: unknown;
  severity?: unknown;
  message?: unknown;
  line?: unknown;
  column?: unknown;
  endLine?: unknown;
  endColumn?: unknown;
  messageId?: unknown;
  fatal?: unknown;
  fix?: unknown;
  suggestions?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const positive = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined);

/** Parses the text of one shard's `--format json` or `--format sarif` output. */
export function readShardResults(text: string, source: string): ShardResults {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ShardInputError(`\`${source}\` is not JSON (${(error as Error).message}); pass the output of \`citemark lint --shard i/n --format json\` (or \`sarif\`).`);
  }
  if (Array.isArray(data)) return { source, results: data.map((entry, i) => eslintResult(entry, `${source}[${i}]`)) };
  if (isRecord(data) && Array.isArray(data.runs)) return { source, results: sarifResults(data.runs, source) };
  throw new ShardInputError(`\`${source}\` is neither ESLint-style JSON (an array) nor SARIF (an object with \`runs\`); pass the output of \`citemark lint --format json\` or \`--format sarif\`.`);
}

function eslintResult(entry: unknown, where: string): FileResult {
  if (!isRecord(entry) || typeof entry.filePath !== 'string' || !Array.isArray(entry.messages)) {
    throw new ShardInputError(`\`${where}\` has no \`filePath\` and \`messages\`; it is not a result of \`citemark lint --format json\`.`);
  }
  const filePath = entry.filePath;
  const findings = (entry.messages as unknown[]).map((raw, i): Finding => {
    const m = (isRecord(raw) ? raw : {}) as EslintLikeMessage;
    const line = positive(m.line);
    const column = positive(m.column);
    if (typeof m.message !== 'string' || line === undefined || column === undefined || (m.severity !== 1 && m.severity !== 2)) {
      throw new ShardInputError(`\`${where}.messages[${i}]\` needs \`message\`, \`severity\` 1 or 2, \`line\` and \`column\`.`);
    }
    const suggestions = Array.isArray(m.suggestions)
      ? m.suggestions.flatMap((s): Suggestion[] => {
          if (!isRecord(s) || typeof s.desc !== 'string') return [];
          const edit = textEdit(s.fix);
          return [edit ? { desc: s.desc, fix: edit } : { desc: s.desc }];
        })
      : [];
    const fix = textEdit(m.fix);
    return {
      ruleId: typeof m.ruleId === 'string' ? m.ruleId : null,
      severity: m.severity === 2 ? 'error' : 'warn',
      messageId: typeof m.messageId === 'string' ? m.messageId : '',
      message: m.message,
      file: filePath,
      line,
      column,
      ...(positive(m.endLine) !== undefined ? { endLine: positive(m.endLine)! } : {}),
      ...(positive(m.endColumn) !== undefined ? { endColumn: positive(m.endColumn)! } : {}),
      ...(m.fatal === true ? { fatal: true } : {}),
      ...(suggestions.length > 0 ? { suggestions } : {}),
      ...(fix ? { fix } : {}),
    };
  });
  return { filePath, findings };
}

/** ESLint's `{range: [start, end], text}`, read back into an edit; undefined when it is not one. */
function textEdit(raw: unknown): TextEdit | undefined {
  const range = isRecord(raw) && Array.isArray(raw.range) ? (raw.range as unknown[]) : undefined;
  return range && typeof range[0] === 'number' && typeof range[1] === 'number' && isRecord(raw) && typeof raw.text === 'string'
    ? { start: range[0], end: range[1], text: raw.text }
    : undefined;
}

/** `%SRCROOT%`-relative, percent-encoded URIs back to `/`-separated paths. */
function uriToPath(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return undefined;
  try {
    return uri.split('/').map(decodeURIComponent).join('/');
  } catch {
    return uri;
  }
}

function sarifResults(runs: unknown[], source: string): FileResult[] {
  const byFile = new Map<string, Finding[]>();
  const add = (file: string, finding?: Finding) => {
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    if (finding) list.push(finding);
  };
  for (const run of runs) {
    if (!isRecord(run)) continue;
    for (const artifact of Array.isArray(run.artifacts) ? run.artifacts : []) {
      const file = isRecord(artifact) && isRecord(artifact.location) ? uriToPath(artifact.location.uri) : undefined;
      if (file !== undefined) add(file);
    }
    const located = (raw: unknown, ruleId: string | null, severity: Severity, fatal: boolean): void => {
      if (!isRecord(raw) || !isRecord(raw.message) || typeof raw.message.text !== 'string') return;
      const location = Array.isArray(raw.locations) && isRecord(raw.locations[0]) ? raw.locations[0].physicalLocation : undefined;
      if (!isRecord(location) || !isRecord(location.artifactLocation) || !isRecord(location.region)) {
        throw new ShardInputError(`\`${source}\` has a result without a file and line; it is not a result of \`citemark lint --format sarif\`.`);
      }
      const file = uriToPath(location.artifactLocation.uri);
      const { region } = location;
      const line = positive(region.startLine);
      if (file === undefined || line === undefined) throw new ShardInputError(`\`${source}\` has a result without a file and line.`);
      add(file, {
        ruleId,
        severity,
        messageId: '',
        message: raw.message.text,
        file,
        line,
        column: positive(region.startColumn) ?? 1,
        ...(positive(region.endLine) !== undefined ? { endLine: positive(region.endLine)! } : {}),
        ...(positive(region.endColumn) !== undefined ? { endColumn: positive(region.endColumn)! } : {}),
        ...(fatal ? { fatal: true } : {}),
      });
    };
    for (const result of Array.isArray(run.results) ? run.results : []) {
      if (!isRecord(result) || typeof result.ruleId !== 'string') continue;
      located(result, result.ruleId, result.level === 'error' ? 'error' : 'warn', false);
    }
    // A file citemark could not read is a tool notification, not a result (see the SARIF reporter).
    for (const invocation of Array.isArray(run.invocations) ? run.invocations : []) {
      const notes = isRecord(invocation) && Array.isArray(invocation.toolExecutionNotifications) ? invocation.toolExecutionNotifications : [];
      for (const note of notes) located(note, null, 'error', true);
    }
  }
  return [...byFile].map(([filePath, findings]) => ({ filePath, findings }));
}

function findingKey(f: Finding): string {
  return JSON.stringify([f.ruleId, f.severity, f.line, f.column, f.endLine ?? null, f.endColumn ?? null, f.message]);
}

/**
 * The results one unsharded run would have given: files in path order;
 * article findings as their shard reported them; a bibliography finding
 * once; a project-rule finding only when every shard reported it.
 */
export function mergeShardResults(shards: readonly ShardResults[], rules: readonly RuleMeta[]): FileResult[] {
  const projectRules = new Set(rules.filter((r) => r.scope === 'project').map((r) => r.id));
  const files = new Map<string, Map<string, { finding: Finding; counts: number[] }>>();
  shards.forEach((shard, s) => {
    for (const { filePath, findings } of shard.results) {
      let entries = files.get(filePath);
      if (!entries) files.set(filePath, (entries = new Map<string, { finding: Finding; counts: number[] }>()));
      for (const finding of findings) {
        const key = findingKey(finding);
        let entry = entries.get(key);
        if (!entry) entries.set(key, (entry = { finding, counts: shards.map(() => 0) }));
        entry.counts[s]! += 1;
      }
    }
  });
  const merged: FileResult[] = [];
  for (const [filePath, entries] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const findings: Finding[] = [];
    for (const { finding, counts } of entries.values()) {
      // The same finding twice in one shard is two findings; the same finding in two shards is one.
      const times = finding.ruleId !== null && projectRules.has(finding.ruleId) ? Math.min(...counts) : Math.max(...counts);
      for (let i = 0; i < times; i++) findings.push(finding);
    }
    findings.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '') || a.message.localeCompare(b.message));
    merged.push({ filePath, findings });
  }
  return merged;
}

/**
 * Checks that the shards cover the project's articles exactly once: an
 * article in no shard's results means a shard's output is missing (and its
 * findings would be lost), one in two means two outputs of the same shard.
 * Returns the problems, one line each.
 */
export function checkShardCoverage(shards: readonly ShardResults[], articles: readonly string[]): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  const isArticle = new Set(articles);
  for (const shard of shards) {
    for (const { filePath } of shard.results) {
      if (!isArticle.has(filePath)) continue;
      const first = owner.get(filePath);
      if (first !== undefined) problems.push(`\`${filePath}\` is in both \`${first}\` and \`${shard.source}\`; pass each shard's output once.`);
      else owner.set(filePath, shard.source);
    }
  }
  const missing = articles.filter((a) => !owner.has(a));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((m) => `\`${m}\``).join(', ');
    problems.push(
      `${missing.length} article${missing.length === 1 ? ' is' : 's are'} in no shard's results (${shown}${missing.length > 5 ? ', …' : ''}); a shard's output is missing, or the project changed since the shards ran. Pass every shard's output.`,
    );
  }
  return problems;
}
