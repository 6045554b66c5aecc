/**
 * `citemark.config.json` / `citemark.config.yaml`: which rules run at what
 * severity, where the articles and references are, the default style.
 * Validated with zod; anything wrong is a UsageError pointing at file:line.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isPair, isScalar, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { builtinStyleNamed, unknownStyleMessage } from '../format/style-names.js';
import { didYouMean } from '../util/did-you-mean.js';
import { parseUserYaml } from '../util/user-yaml.js';
import { UsageError } from './errors.js';
import type { Severity, SeveritySetting } from './types.js';

export const CONFIG_FILES = ['citemark.config.json', 'citemark.config.yaml', 'citemark.config.yml'] as const;

const severitySchema = z
  .union([z.enum(['off', 'warn', 'error']), z.literal(0), z.literal(1), z.literal(2)])
  .transform((v): SeveritySetting => (v === 0 ? 'off' : v === 1 ? 'warn' : v === 2 ? 'error' : v));

/** `"warn"`, or `["warn"]`, or `["warn", {options}]`: the options are checked against the rule's own schema after this. */
const ruleSettingSchema = z.union([
  severitySchema.transform((severity) => ({ severity, options: {} })),
  z
    .tuple([severitySchema])
    .rest(z.unknown())
    .transform(([severity, ...rest]) => ({ severity, options: (rest.length === 0 ? {} : rest.length === 1 ? rest[0] : rest) as Record<string, unknown> })),
]);

/** What the config needs to know of a rule: its id, and the schema of its options (none: it takes no options). */
export interface RuleOptionsSpec {
  id: string;
  schema?: z.ZodType<Record<string, unknown>>;
}

const NO_OPTIONS = z.object({}).strict();

function optionList(near: string, known: readonly string[]): string {
  return `${near}${near ? ' O' : '; o'}ptions: ${known.map((k) => `\`${k}\``).join(', ')}`;
}

/**
 * A rule's options, parsed by its schema (defaults filled in), or why they
 * are wrong: the prose names the option and says what the rule accepts.
 */
export function parseRuleOptions(spec: RuleOptionsSpec, options: unknown): { ok: true; options: Record<string, unknown> } | { ok: false; reason: string } {
  const schema = spec.schema ?? NO_OPTIONS;
  const result = schema.safeParse(options ?? {});
  if (result.success) return { ok: true, options: result.data };
  const issue = result.error.issues[0]!;
  const accepted = spec.schema ? '' : `; \`${spec.id}\` takes no options, so give only a severity`;
  if (Array.isArray(options)) return { ok: false, reason: `give one options object, as in \`["error", {…}]\`${accepted}` };
  if (issue.code === 'unrecognized_keys') {
    const known = spec.schema instanceof z.ZodObject ? Object.keys(spec.schema.shape) : [];
    return {
      ok: false,
      reason: `unknown option \`${issue.keys[0]!}\`${known.length > 0 ? optionList(didYouMean(issue.keys[0]!, known), known) : accepted}`,
    };
  }
  const path = issue.path.map(String).join('.');
  // zod's `Invalid input: expected object, received string` reads better without its first words.
  return { ok: false, reason: `${path ? `\`${path}\`: ` : ''}${issue.message.replace(/^Invalid input: /, '')}${accepted}` };
}

export const configSchema = z
  .object({
    rules: z.record(z.string(), ruleSettingSchema).default({}),
    references: z.array(z.string().min(1)).optional(),
    articles: z.array(z.string().min(1)).optional(),
    style: z.string().min(1).optional(),
    locale: z.string().min(1).optional(),
    /** Network look-ups for `citemark add`. */
    lookup: z
      .object({
        contact: z.string().optional(),
        doiBaseUrl: z.string().url().optional(),
        pubmedBaseUrl: z.string().url().optional(),
        /** Crossref's REST API: `refresh` reads retractions and corrections there, `import --lookup` searches references printed without a DOI. */
        crossrefBaseUrl: z.string().url().optional(),
        timeoutMs: z.number().int().positive().optional(),
        /** Further attempts on HTTP 429 and 5xx, with back-off. */
        retries: z.number().int().min(0).max(10).optional(),
        /** The first back-off in milliseconds, doubled on each retry (a `Retry-After` header wins). */
        backoffMs: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type CitemarkConfig = z.infer<typeof configSchema>;

export interface ResolvedRuleSetting {
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

export interface LoadedConfig {
  config: CitemarkConfig;
  /** Relative path of the config file, or undefined when none exists. */
  file?: string;
}

export const DEFAULT_CONFIG: CitemarkConfig = configSchema.parse({});

/** Reads the project's config file if there is one. Throws UsageError on anything invalid. */
export async function loadConfig(root: string, knownRules: readonly (string | RuleOptionsSpec)[]): Promise<LoadedConfig> {
  const present: string[] = [];
  const texts = new Map<string, string>();
  for (const name of CONFIG_FILES) {
    try {
      texts.set(name, await readFile(join(root, name), 'utf8'));
      present.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
        throw new UsageError(`\`${name}\` is a directory; the config must be a file.`, { file: name });
      }
    }
  }
  if (present.length === 0) return { config: DEFAULT_CONFIG };
  if (present.length > 1) {
    throw new UsageError(
      `Found both ${present.map((p) => `\`${p}\``).join(' and ')}; keep one config file and delete the other.`,
      { file: present[1]! },
    );
  }
  const file = present[0]!;
  return { config: parseConfig(texts.get(file)!, file, knownRules), file };
}

/**
 * Parses and validates config text (JSON or YAML), each rule's options by
 * that rule's schema (a rule named by its id alone takes no options).
 * Exposed for tests and the library.
 */
export function parseConfig(text: string, file: string, knownRules: readonly (string | RuleOptionsSpec)[]): CitemarkConfig {
  const specs = knownRules.map((r) => (typeof r === 'string' ? { id: r } : r));
  const knownRuleIds = specs.map((r) => r.id);
  const { doc, lineCounter } = parseUserYaml(text, file, 'the config');
  const raw: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const lineOf = (path: (string | number)[]): number | undefined => {
    const node = doc.getIn(path, true) as YamlNode | undefined;
    const offset = node?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
    // Fall back to the key of the last path segment (for unknown keys).
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isPair(pair) && isScalar(pair.key) && pair.key.value === path[path.length - 1] && pair.key.range) {
          return lineCounter.linePos(pair.key.range[0]).line;
        }
      }
    }
    return undefined;
  };

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    let where = path;
    let what = `\`${path.join('.') || '(top level)'}\`: ${issue.message}`;
    if (issue.code === 'unrecognized_keys') {
      where = [...path, issue.keys[0]!];
      const allowed = path.length === 0 ? ['rules', 'references', 'articles', 'style', 'locale', 'lookup'] : [];
      const near = didYouMean(String(issue.keys[0]), allowed);
      what = `unknown option \`${[...path, issue.keys[0]].join('.')}\`${near}${allowed.length > 0 ? `${near ? ' A' : '; a'}llowed: ${allowed.map((k) => `\`${k}\``).join(', ')}` : ''}`;
    } else if (path[0] === 'rules' && path.length >= 2) {
      what = `rule \`${String(path[1])}\` has an invalid setting; use \`"off"\`, \`"warn"\`, \`"error"\` or \`["error", {options}]\``;
    }
    const line = lineOf(where);
    throw new UsageError(`${file}${line ? `:${line}` : ''}: ${what}.`, { file, line });
  }
  // zod's record silently drops a `__proto__` key; read the raw keys so it is reported like any unknown rule.
  const rawRules = (raw as { rules?: unknown }).rules;
  const ids = rawRules && typeof rawRules === 'object' ? Object.getOwnPropertyNames(rawRules) : [];
  for (const id of ids) {
    if (!knownRuleIds.includes(id)) {
      const line = lineOf(['rules', id]);
      const near = didYouMean(id, knownRuleIds);
      throw new UsageError(
        `${file}${line ? `:${line}` : ''}: unknown rule \`${id}\`${near ? `${near} K` : '; k'}nown rules: ${knownRuleIds.map((r) => `\`${r}\``).join(', ')}.`,
        { file, line },
      );
    }
  }
  for (const spec of specs) {
    const setting = result.data.rules[spec.id];
    if (!setting) continue;
    const parsed = parseRuleOptions(spec, setting.options);
    if (!parsed.ok) {
      const line = lineOf(['rules', spec.id, 1]) ?? lineOf(['rules', spec.id]);
      throw new UsageError(`${file}${line ? `:${line}` : ''}: rule \`${spec.id}\` has invalid options: ${parsed.reason}.`, { file, line });
    }
    setting.options = parsed.options;
  }
  // A style name is checked here, where the line is known; a `.csl` path is read (and checked) by `render`.
  const style = result.data.style;
  if (style !== undefined && !builtinStyleNamed(style) && !/\.csl$/i.test(style.trim())) {
    const line = lineOf(['style']);
    throw new UsageError(`${file}${line ? `:${line}` : ''}: \`style\`: ${unknownStyleMessage(style)}`, { file, line });
  }
  return result.data;
}

/** The effective severity and options of a rule under a config. */
export function ruleSetting(config: CitemarkConfig, ruleId: string, defaultSeverity: Severity): ResolvedRuleSetting {
  return config.rules[ruleId] ?? { severity: defaultSeverity, options: {} };
}
