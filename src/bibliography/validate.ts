/**
 * Validation of one raw bibliography item: the zod schema first, then the
 * content checks the schema cannot express. An item that fails the schema is
 * dropped; one that only fails a content check is kept (so citations of it
 * still resolve) and reported.
 *
 * Problem ids (`LoadProblem.messageId`):
 * - `schema`            the item does not match the CSL-JSON schema (dropped)
 * - `unsafe-key`        a `__proto__` / `constructor` / `prototype` key (ignored)
 * - `unknown-evidence`  `evidence` is not one of citemark's levels (field ignored)
 * - `missing-title`     no `title`
 * - `missing-author`    no author or editor for a type that needs one
 * - `invalid-date`      a date that cannot exist (month 13, 30 February, year 0, far future)
 * - `invalid-doi`       a `DOI` that is not `10.NNNN/suffix`
 * - `run-together-name` a name word like `ShwethaHulimavu`
 */
import { distance } from 'fastest-levenshtein';
import { CSL_TYPES, DATE_FIELDS, EVIDENCE_LEVELS, NAME_FIELDS, cslItemSchema, parseCslItem, type CslDate, type CslItem, type CslName } from './schema.js';
import type { LoadProblem, SourceLocation } from './types.js';
import { DOI_PATTERN, normalizeDoi } from './normalize.js';

export const CONTENT_PROBLEM_IDS = [
  'missing-title',
  'missing-author',
  'invalid-date',
  'invalid-doi',
  'run-together-name',
  'unknown-evidence',
  'unsafe-key',
] as const;

/** Types whose works always have a personal or corporate author or editor. */
export const TYPES_NEEDING_CREATOR: ReadonlySet<string> = new Set([
  'article-journal',
  'article-magazine',
  'book',
  'chapter',
  'manuscript',
  'paper-conference',
  'patent',
  'report',
  'review',
  'review-book',
  'thesis',
]);

/** Name fields that make someone responsible for the work (a translator alone does not). */
const CREATOR_FIELDS = [
  'author', 'editor', 'container-author', 'collection-editor', 'compiler', 'chair', 'organizer',
  'editorial-director', 'contributor',
] as const;

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** How far ahead of the current year a publication date may lie (in-press items carry next year's date). */
const MAX_YEARS_AHEAD = 2;

export interface ItemValidation {
  /** The validated item, absent when the schema rejected it. */
  item?: CslItem;
  problems: LoadProblem[];
}

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

function closest(value: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const option of options) {
    const d = distance(value.toLowerCase(), option);
    if (d < bestDistance) {
      bestDistance = d;
      best = option;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(value.length / 3)) ? best : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy without prototype-altering keys; each one found is reported. */
function sanitize(value: unknown, path: string, found: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => sanitize(v, `${path}[${i}]`, found));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (UNSAFE_KEYS.has(key)) {
        found.push(keyPath);
        continue;
      }
      out[key] = sanitize(value[key], keyPath, found);
    }
    return out;
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(item)';
}

function describeSchemaIssue(issue: { path: readonly PropertyKey[]; code: string; message: string; input?: unknown }, raw: Record<string, unknown>): string {
  const path = formatPath(issue.path);
  if (issue.path.length === 1 && raw[path] === undefined) {
    if (path === 'id') return '`id` is missing; add a unique citekey';
    if (path === 'type') return '`type` is missing; add a CSL type such as `article-journal`, `book` or `webpage`';
  }
  if (path === 'type' && typeof raw.type === 'string') {
    const suggestion = closest(raw.type, CSL_TYPES);
    return `\`type\` ${code(raw.type)} is not a CSL type; ${suggestion ? `did you mean \`${suggestion}\`?` : 'use one such as `article-journal`, `book` or `webpage`'}`;
  }
  const message = issue.message.replace(/^Invalid input: /, '');
  return `\`${path}\`: ${message}; correct or remove it`;
}

function schemaProblem(raw: Record<string, unknown>, issues: readonly { path: readonly PropertyKey[]; code: string; message: string; input?: unknown }[], source: SourceLocation): LoadProblem {
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : undefined;
  const shown = issues.slice(0, 3).map((i) => describeSchemaIssue(i, raw));
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  const who = id ? `Item \`${id}\`` : 'Item';
  return {
    messageId: 'schema',
    message: `${who} is not valid CSL-JSON and is ignored until fixed: ${shown.join('; ')}${more}`,
    source,
    ...(id ? { id } : {}),
  };
}

const TEXT_DATE = /^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

/** Pandoc accepts `issued: 2014-02` and `issued: 2014`; turn them into `date-parts` as pandoc does. */
function coerceTextDates(item: Record<string, unknown>): void {
  for (const field of DATE_FIELDS) {
    const value = item[field];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const ranges = String(value).trim().split('/');
    const parts = ranges.map((r) => TEXT_DATE.exec(r.trim()));
    if (ranges.length > 2 || parts.some((m) => !m)) continue;
    item[field] = {
      'date-parts': parts.map((m) => (m ?? []).slice(1).filter((p): p is string => p !== undefined).map(Number)),
    };
  }
}

/** Validates one raw item read from `source`. */
export function validateItem(raw: unknown, source: SourceLocation): ItemValidation {
  const problems: LoadProblem[] = [];
  if (!isPlainObject(raw)) {
    problems.push({
      messageId: 'schema',
      message: `Bibliography item is ${Array.isArray(raw) ? 'a list' : code(raw)}, not a mapping; write each item as a CSL-JSON object with \`id\`, \`type\` and \`title\``,
      source,
    });
    return { problems };
  }
  const unsafe: string[] = [];
  const clean = sanitize(raw, '', unsafe) as Record<string, unknown>;
  const rawId = typeof clean.id === 'string' || typeof clean.id === 'number' ? String(clean.id) : undefined;
  const withId = (p: Omit<LoadProblem, 'source'>): LoadProblem => ({ ...p, source, ...(rawId ? { id: rawId } : {}) });
  const label = rawId ? `\`${rawId}\`` : 'this item';
  for (const key of unsafe) {
    problems.push(withId({ messageId: 'unsafe-key', message: `Key \`${key}\` of ${label} is not allowed and was ignored; remove it` }));
  }
  if ('evidence' in clean && !(EVIDENCE_LEVELS as readonly string[]).includes(clean.evidence as string)) {
    const suggestion = typeof clean.evidence === 'string' ? closest(clean.evidence, EVIDENCE_LEVELS) : undefined;
    problems.push(
      withId({
        messageId: 'unknown-evidence',
        message: `\`evidence\` of ${label} is ${code(clean.evidence)}, which is not an evidence level; ${
          suggestion ? `did you mean \`${suggestion}\`?` : `use one of ${EVIDENCE_LEVELS.map((e) => `\`${e}\``).join(', ')}`
        }`,
      }),
    );
    delete clean.evidence;
  }
  coerceTextDates(clean);
  const parsed = parseCslItem(clean);
  if (!parsed.success) {
    problems.push(schemaProblem(clean, parsed.error.issues, source));
    return { problems };
  }
  problems.push(...checkItemContent(parsed.data, source));
  return { item: parsed.data, problems };
}

/** The content checks for an item that already passed the schema. */
export function checkItemContent(item: CslItem, source: SourceLocation): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const report = (messageId: string, message: string): void => {
    problems.push({ messageId, message, source, id: item.id });
  };
  const id = `\`${item.id}\``;

  if (!item.title?.trim()) report('missing-title', `Item ${id} has no \`title\`; add the work's title`);

  if (TYPES_NEEDING_CREATOR.has(item.type) && !CREATOR_FIELDS.some((f) => item[f]?.some(hasName))) {
    report(
      'missing-author',
      `Item ${id} (\`${item.type}\`) has no \`author\` or \`editor\`; add them, or \`{literal: "Organisation name"}\` for a corporate author`,
    );
  }

  for (const [field, value] of Object.entries(item)) {
    if (!isDateField(field, value)) continue;
    const reason = impossibleDate(value);
    if (reason) report('invalid-date', `\`${field}\` of ${id} is ${reason}; correct the date`);
  }

  if (item.DOI !== undefined && !DOI_PATTERN.test(normalizeDoi(item.DOI))) {
    report('invalid-doi', `\`DOI\` of ${id} is \`${item.DOI}\`, which is not a DOI (\`10.NNNN/suffix\`); correct it or remove the field`);
  }

  for (const [field, value] of Object.entries(item)) {
    if (!Array.isArray(value) || !value.every(isPlainObject) || !isNameField(field)) continue;
    (value as CslName[]).forEach((name, index) => {
      for (const part of ['family', 'given'] as const) {
        const text = name[part];
        if (typeof text !== 'string') continue;
        const joined = runTogetherWord(text);
        if (joined) {
          report(
            'run-together-name',
            `\`${field}[${index}].${part}\` of ${id} is \`${text}\`, where \`${joined.word}\` looks like two names run together; write \`${joined.fixed}\``,
          );
        }
      }
    });
  }
  return problems;
}

const NAME_FIELD_SET: ReadonlySet<string> = new Set(NAME_FIELDS);

function isNameField(field: string): boolean {
  return NAME_FIELD_SET.has(field);
}

function hasName(name: CslName): boolean {
  return [name.family, name.given, name.literal].some((p) => typeof p === 'string' && p.trim() !== '');
}

const DATE_FIELD_SET: ReadonlySet<string> = new Set(DATE_FIELDS);

function isDateField(field: string, value: unknown): value is CslDate {
  return DATE_FIELD_SET.has(field) && isPlainObject(value);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toInt(part: string | number): number | undefined {
  const text = String(part).trim();
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** Why a CSL date cannot exist, or undefined when it can. */
export function impossibleDate(date: CslDate, now: Date = new Date()): string | undefined {
  const parts = date['date-parts'];
  if (!parts) return undefined;
  const latest = now.getUTCFullYear() + MAX_YEARS_AHEAD;
  for (const dateParts of parts) {
    const shown = dateParts.join('-');
    const numbers = dateParts.map(toInt);
    if (numbers.some((n) => n === undefined)) return `\`${shown}\`, which has a part that is not a whole number`;
    const [yearPart, monthPart, dayPart] = numbers;
    if (yearPart === undefined) continue;
    if (yearPart === 0) return `\`${shown}\`: there is no year 0`;
    if (yearPart > latest) return `\`${shown}\`: year ${yearPart} is in the future`;
    if (monthPart !== undefined && (monthPart < 1 || monthPart > 12)) {
      return `\`${shown}\`: month ${monthPart} does not exist (use 1 to 12; put seasons in \`season\`)`;
    }
    if (monthPart !== undefined && dayPart !== undefined) {
      const max = daysInMonth(yearPart, monthPart);
      if (dayPart < 1 || dayPart > max) return `\`${shown}\`: day ${dayPart} does not exist in that month (it has ${max} days)`;
    }
  }
  return undefined;
}

/** Prefixes after which a capital letter is part of a real name: McDonald, MacLeod, DeAngelis, LeBlanc, DiMaggio, VanderMeer, FitzGerald. */
const CAPITALISED_PREFIX = /^(?:\p{Lu}\p{Ll}?|Mac|Van|Von|Der|Den|Des|Del|Dal|Della|Delle|Dello|Vander|Vanden|Fitz|Ten|Ter|Abu|Ben|Bin|Mary|Ann|Anna|Jean|Lou)$/u;

/** The first word of `text` that looks like two names written without a space, with the fix. */
export function runTogetherWord(text: string): { word: string; fixed: string } | undefined {
  // Hyphens, apostrophes and spaces separate legitimate parts: Abd-Elsayed, O'Neill, d'Alembert.
  for (const word of text.split(/[\s\-\u2010\u2011'\u2019.]+/)) {
    const match = /\p{Ll}(?=\p{Lu})/u.exec(word);
    if (!match) continue;
    const cut = match.index + 1;
    const head = word.slice(0, cut);
    const tail = word.slice(cut);
    if (CAPITALISED_PREFIX.test(head) && !/\p{Ll}\p{Lu}/u.test(tail)) continue;
    // `McDonaldSmith`: the allowed prefix is followed by another run-together name.
    if (CAPITALISED_PREFIX.test(head)) {
      const inner = runTogetherWord(tail);
      if (inner) return { word, fixed: text.replace(word, `${head}${inner.fixed}`) };
      continue;
    }
    if (tail.length < 2 && !/\p{Ll}/u.test(tail)) continue;
    return { word, fixed: text.replace(word, `${head} ${tail}`) };
  }
  return undefined;
}
