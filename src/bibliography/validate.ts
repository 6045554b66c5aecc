/**
 * Validation of one raw bibliography item: the zod schema first, then the
 * content checks the schema cannot express. An item that fails the schema is
 * dropped; one that only fails a content check is kept (so citations of it
 * still resolve) and reported. Most items skip zod: a hand-written check
 * proves them valid and gives the very object zod would (see "the fast path").
 *
 * Problem ids (`LoadProblem.messageId`):
 * - `schema`            the item does not match the CSL-JSON schema (dropped)
 * - `unsafe-key`        a `__proto__` / `constructor` / `prototype` key (ignored)
 * - `unknown-evidence`  `evidence` is not one of citemark's levels (field ignored)
 * - `missing-title`     no `title`
 * - `missing-author`    no author or editor for a type that needs one
 * - `invalid-date`      a date that cannot exist (month 13, 30 February, year 0, far future)
 * - `invalid-doi`       a `DOI` that is not `10.NNNN/suffix`
 * - `run-together-name` a name word like `ShwethaHulimavu` (a warning: real exports print `vanZuilen`)
 */
import { distance } from 'fastest-levenshtein';
import {
  CSL_TYPES,
  DATE_FIELDS,
  EVIDENCE_LEVELS,
  NAME_FIELDS,
  cslDateSchema,
  cslItemSchema,
  cslNameSchema,
  parseCslItem,
  retractedSchema,
  type CslDate,
  type CslItem,
  type CslName,
} from './schema.js';
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

/** `2014-02` or `2014/2015` as CSL `date-parts`, as pandoc reads them; undefined when the text is not such a date. */
function textDate(value: string | number): CslDate | undefined {
  const ranges = String(value).trim().split('/');
  const parts = ranges.map((r) => TEXT_DATE.exec(r.trim()));
  if (ranges.length > 2 || parts.some((m) => !m)) return undefined;
  return {
    'date-parts': parts.map((m) => (m ?? []).slice(1).filter((p): p is string => p !== undefined).map(Number)),
  };
}

/** Pandoc accepts `issued: 2014-02` and `issued: 2014`; turn them into `date-parts` as pandoc does. */
function coerceTextDates(item: Record<string, unknown>): void {
  for (const field of DATE_FIELDS) {
    const value = item[field];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const date = textDate(value);
    if (date) item[field] = date;
  }
}

// ---------------------------------------------------------------- the fast path

/*
 * Most items are valid, and proving that by hand costs a fraction of zod's
 * safeParse and of the two deep copies around it (sanitize, then zod's
 * output). The fast path walks the raw item once, checks each field as the
 * schema would, and gives exactly the object the slow path returns: the
 * item's keys in their own order, `id` as a string, name, date and
 * `retracted` objects with the schema's keys first, in the schema's order,
 * then their other keys. Whenever it is not sure — a value of the wrong
 * type, an unsafe key, an `evidence` to report, a schema field it has no
 * check for — it gives up, and the item takes the slow path, which words
 * the problems.
 *
 * It copies as the slow path does, except for a value the caller hands
 * over (`adopt`): one fresh from JSON.parse, which nothing else refers to.
 * Then every part already in its final form is kept rather than copied,
 * and only what changes (an `id` number, keys out of the schema's order,
 * a text date) is rebuilt, never written into the value.
 */

/** Returned by the fast path when it cannot vouch for a value. */
const UNSURE: unique symbol = Symbol('unsure');
type Unsure = typeof UNSURE;

/**
 * What the schema asks of one field. Numbers rather than names: the kind
 * of every field of every item is switched on, and comparing strings there
 * took a tenth of the fast path's time.
 */
type Kind = number;
const TEXT = 0;
const TEXT_OR_NUMBER = 1;
/** A string, a number or a boolean. */
const SCALAR = 2;
const DATE_PARTS = 3;
const ID = 4;
const TYPE = 5;
const EVIDENCE = 6;
const NAMES = 7;
const DATE = 8;
const TOPICS = 9;
const RETRACTED = 10;
const CUSTOM = 11;

const CSL_TYPE_SET: ReadonlySet<string> = new Set(CSL_TYPES);
const EVIDENCE_SET: ReadonlySet<string> = new Set(EVIDENCE_LEVELS);

/** Deeper free-form values are left to the slow path rather than risk the call stack. */
const MAX_COPY_DEPTH = 500;

const TEXT_FIELDS = [
  'title', 'title-short', 'container-title', 'container-title-short', 'collection-title', 'publisher', 'publisher-place',
  'DOI', 'PMCID', 'ISBN', 'ISSN', 'URL', 'abstract', 'keyword', 'language', 'note', 'genre', 'medium', 'source', 'status',
];
const TEXT_OR_NUMBER_FIELDS = ['volume', 'issue', 'page', 'number-of-pages', 'number', 'edition', 'PMID'];

const ITEM_FIELD_KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ['id', ID],
  ['type', TYPE],
  ...NAME_FIELDS.map((f): [string, Kind] => [f, NAMES]),
  ...DATE_FIELDS.map((f): [string, Kind] => [f, DATE]),
  ...TEXT_FIELDS.map((f): [string, Kind] => [f, TEXT]),
  ...TEXT_OR_NUMBER_FIELDS.map((f): [string, Kind] => [f, TEXT_OR_NUMBER]),
  ['topics', TOPICS],
  ['evidence', EVIDENCE],
  ['retracted', RETRACTED],
  ['custom', CUSTOM],
]);

/** The item schema's own fields: one of them without a kind above goes to the slow path. */
const ITEM_SCHEMA_FIELDS: ReadonlySet<string> = new Set(Object.keys(cslItemSchema.shape));

/** An object schema as the fast path sees it: its keys in output order, and the kind of each it can check. */
interface Shape {
  order: readonly string[];
  fields: ReadonlyMap<string, { kind: Kind; rank: number }>;
}

function shapeOf(order: readonly string[], kinds: Record<string, Kind>): Shape {
  const fields = new Map<string, { kind: Kind; rank: number }>();
  order.forEach((key, rank) => {
    const kind = kinds[key];
    if (kind !== undefined) fields.set(key, { kind, rank });
  });
  return { order, fields };
}

const NAME_SHAPE = shapeOf(Object.keys(cslNameSchema.shape), {
  family: TEXT,
  given: TEXT,
  'dropping-particle': TEXT,
  'non-dropping-particle': TEXT,
  suffix: TEXT,
  'comma-suffix': SCALAR,
  'static-ordering': SCALAR,
  literal: TEXT,
  'parse-names': SCALAR,
});

const DATE_SHAPE = shapeOf(Object.keys(cslDateSchema.shape), {
  'date-parts': DATE_PARTS,
  season: TEXT_OR_NUMBER,
  circa: SCALAR,
  literal: TEXT,
  raw: TEXT,
});

const RETRACTED_SHAPE = shapeOf(Object.keys(retractedSchema.options[1].shape), { date: TEXT, notice: TEXT });

function isTextOrNumber(value: unknown): boolean {
  // zod's number refuses NaN and the infinities.
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** A free-form value as `sanitize` copies it (itself when adopted), or UNSURE when that would drop an unsafe key. */
function plainValue(value: unknown, adopt: boolean, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_COPY_DEPTH) return UNSURE;
  if (Array.isArray(value)) {
    const out: unknown[] | undefined = adopt ? undefined : [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return UNSURE;
      const copy = plainValue(value[i], adopt, depth + 1);
      if (copy === UNSURE) return UNSURE;
      out?.push(copy);
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> | undefined = adopt ? undefined : {};
  for (const key of Object.keys(record)) {
    if (UNSAFE_KEYS.has(key)) return UNSURE;
    const copy = plainValue(record[key], adopt, depth + 1);
    if (copy === UNSURE) return UNSURE;
    if (out) out[key] = copy;
  }
  return out ?? value;
}

/** Each element of `list` through `check`: `list` itself when adopted and nothing changed, else a new list. */
function checkedList(list: unknown, adopt: boolean, check: (element: unknown) => unknown): unknown[] | Unsure {
  if (!Array.isArray(list)) return UNSURE;
  const items: readonly unknown[] = list;
  let out: unknown[] | undefined = adopt ? undefined : [];
  for (let i = 0; i < items.length; i++) {
    const element = items[i];
    const checked = check(element);
    if (checked === UNSURE) return UNSURE;
    if (out === undefined && checked !== element) out = items.slice(0, i);
    out?.push(checked);
  }
  return out ?? (items as unknown[]);
}

const datePart = (part: unknown): unknown => (isTextOrNumber(part) ? part : UNSURE);

/** `value` as a field of `kind` comes out of the schema, or UNSURE. */
function checkedValue(kind: Kind, value: unknown, adopt: boolean): unknown {
  switch (kind) {
    case TEXT:
      return typeof value === 'string' ? value : UNSURE;
    case TEXT_OR_NUMBER:
      return isTextOrNumber(value) ? value : UNSURE;
    case SCALAR:
      return isTextOrNumber(value) || typeof value === 'boolean' ? value : UNSURE;
    case DATE_PARTS:
      if (!Array.isArray(value) || value.length < 1 || value.length > 2) return UNSURE;
      return checkedList(value, adopt, (parts) =>
        Array.isArray(parts) && parts.length >= 1 && parts.length <= 3 ? checkedList(parts, adopt, datePart) : UNSURE,
      );
    case ID:
      if (typeof value === 'string') return value === '' ? UNSURE : value;
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : UNSURE;
    case TYPE:
      return typeof value === 'string' && CSL_TYPE_SET.has(value) ? value : UNSURE;
    case EVIDENCE:
      return typeof value === 'string' && EVIDENCE_SET.has(value) ? value : UNSURE;
    case NAMES:
      return checkedList(value, adopt, (name) => shapedObject(name, NAME_SHAPE, adopt));
    case DATE:
      if (typeof value === 'string' || typeof value === 'number') return textDate(value) ?? UNSURE;
      return shapedObject(value, DATE_SHAPE, adopt);
    case TOPICS:
      return checkedList(value, adopt, (topic) => (typeof topic === 'string' && topic !== '' ? topic : UNSURE));
    case RETRACTED:
      return value === true ? true : shapedObject(value, RETRACTED_SHAPE, adopt);
    case CUSTOM:
      return isPlainObject(value) ? plainValue(value, adopt, 1) : UNSURE;
    default:
      return UNSURE;
  }
}

/** An object of `shape` as zod's passthrough object returns it: the schema's keys in its order, then the others. */
function shapedObject(value: unknown, shape: Shape, adopt: boolean): Record<string, unknown> | Unsure {
  if (!isPlainObject(value)) return UNSURE;
  let out: Record<string, unknown> | undefined = adopt ? undefined : {};
  let others = false;
  let lastRank = -1;
  let inOrder = true;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const given = value[key];
    const field = shape.fields.get(key);
    let checked: unknown;
    if (field === undefined) {
      if (UNSAFE_KEYS.has(key) || shape.order.includes(key)) return UNSURE;
      others = true;
      checked = plainValue(given, adopt, 1);
    } else {
      if (others || field.rank < lastRank) inOrder = false;
      lastRank = field.rank;
      checked = checkedValue(field.kind, given, adopt);
    }
    if (checked === UNSURE) return UNSURE;
    if (out === undefined && checked !== given) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j] as string] = value[keys[j] as string];
    }
    if (out) out[key] = checked;
  }
  if (inOrder) return out ?? value;
  const source = out ?? value;
  const ordered: Record<string, unknown> = {};
  for (const key of shape.order) if (shape.fields.has(key) && Object.hasOwn(source, key)) ordered[key] = source[key];
  for (const key of keys) if (!shape.fields.has(key)) ordered[key] = source[key];
  return ordered;
}

/** The item `parseCslItem` would return for the sanitised `raw`, when the fast path can prove it valid. */
function fastValidItem(raw: Record<string, unknown>, adopt: boolean): CslItem | Unsure {
  let out: Record<string, unknown> | undefined = adopt ? undefined : {};
  const keys = Object.keys(raw);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const given = raw[key];
    const kind = ITEM_FIELD_KINDS.get(key);
    let value: unknown;
    if (kind !== undefined) value = checkedValue(kind, given, adopt);
    else if (UNSAFE_KEYS.has(key) || ITEM_SCHEMA_FIELDS.has(key)) return UNSURE;
    else value = plainValue(given, adopt, 1);
    if (value === UNSURE) return UNSURE;
    if (out === undefined && value !== given) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j] as string] = raw[keys[j] as string];
    }
    if (out) out[key] = value;
  }
  // An item without `id` or `type` fails the object schema.
  if (!Object.hasOwn(raw, 'id') || !Object.hasOwn(raw, 'type')) return UNSURE;
  return (out ?? raw) as CslItem;
}

/** Validates one raw item read from `source`. */
export function validateItem(raw: unknown, source: SourceLocation): ItemValidation {
  return validateParsedItem(raw, source, false);
}

/**
 * {@link validateItem} for an item the caller may hand over (`adopt`): one
 * fresh from JSON.parse that nothing else refers to. The returned item may
 * then share parts with it, or be it; `raw` itself is never changed. Dates
 * are checked against `now` (one clock reading for a whole file).
 */
export function validateParsedItem(raw: unknown, source: SourceLocation, adopt: boolean, now?: Date): ItemValidation {
  const problems: LoadProblem[] = [];
  if (!isPlainObject(raw)) {
    problems.push({
      messageId: 'schema',
      message: `Bibliography item is ${Array.isArray(raw) ? 'a list' : code(raw)}, not a mapping; write each item as a CSL-JSON object with \`id\`, \`type\` and \`title\``,
      source,
    });
    return { problems };
  }
  const fast = fastValidItem(raw, adopt);
  if (fast !== UNSURE) return { item: fast, problems: contentProblems(fast, source, now) };
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
  problems.push(...contentProblems(parsed.data, source, now));
  return { item: parsed.data, problems };
}

/** The content checks for an item that already passed the schema. */
export function checkItemContent(item: CslItem, source: SourceLocation): LoadProblem[] {
  return contentProblems(item, source, undefined);
}

/** Whether a field holds a date or names, for the content checks. */
const FIELD_ROLES: ReadonlyMap<string, 'date' | 'names'> = new Map<string, 'date' | 'names'>([
  ...DATE_FIELDS.map((f): [string, 'date'] => [f, 'date']),
  ...NAME_FIELDS.map((f): [string, 'names'] => [f, 'names']),
]);

/** {@link checkItemContent}, with the time dates are checked against (now, when undefined). */
function contentProblems(item: CslItem, source: SourceLocation, now: Date | undefined): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const report = (messageId: LoadProblem['messageId'], message: string, severity?: 'warning'): void => {
    problems.push({ messageId, message, source, id: item.id, ...(severity ? { severity } : {}) });
  };
  const id = `\`${item.id}\``;

  if (!item.title?.trim()) report('missing-title', `Item ${id} has no \`title\`; add the work's title`);

  if (TYPES_NEEDING_CREATOR.has(item.type) && !hasCreator(item)) {
    report(
      'missing-author',
      `Item ${id} (\`${item.type}\`) has no \`author\` or \`editor\`; add them, or \`{literal: "Organisation name"}\` for a corporate author`,
    );
  }

  // One pass over the fields checks the dates and finds the name lists, checked after the DOI.
  let nameFields: string[] | undefined;
  for (const field of Object.keys(item)) {
    const role = FIELD_ROLES.get(field);
    if (role === 'names') (nameFields ??= []).push(field);
    if (role !== 'date') continue;
    const value = item[field];
    if (!isPlainObject(value)) continue;
    const reason = impossibleDate(value, (now ??= new Date()));
    if (reason) report('invalid-date', `\`${field}\` of ${id} is ${reason}; correct the date`);
  }

  if (item.DOI !== undefined && !DOI_PATTERN.test(normalizeDoi(item.DOI))) {
    report('invalid-doi', `\`DOI\` of ${id} is \`${item.DOI}\`, which is not a DOI (\`10.NNNN/suffix\`); correct it or remove the field`);
  }

  for (const field of nameFields ?? []) {
    const value = item[field];
    if (!Array.isArray(value) || !value.every(isPlainObject)) continue;
    const names = value as CslName[];
    for (let index = 0; index < names.length; index++) {
      const name = names[index];
      if (name === undefined) continue; // a hole in a sparse list, which `every` skipped too
      for (const part of NAME_PARTS_CHECKED) {
        const text = name[part];
        if (typeof text !== 'string') continue;
        const joined = runTogetherWord(text);
        if (joined) {
          const what = `\`${field}[${index}].${part}\` of ${id} is \`${text}\``;
          report(
            'run-together-name',
            joined.fixed !== undefined
              ? `${what}, with the particle written against the name; write \`${joined.fixed}\``
              : `${what}, where \`${joined.word}\` may be two names run together; check the name against the article (it may need a space or a hyphen)`,
            'warning',
          );
        }
      }
    }
  }
  return problems;
}

function hasCreator(item: CslItem): boolean {
  for (const field of CREATOR_FIELDS) if (item[field]?.some(hasName)) return true;
  return false;
}

const NAME_PARTS_CHECKED = ['family', 'given'] as const;

function hasName(name: CslName): boolean {
  return isNonBlank(name.family) || isNonBlank(name.given) || isNonBlank(name.literal);
}

function isNonBlank(part: unknown): boolean {
  return typeof part === 'string' && part.trim() !== '';
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isUndefined(value: unknown): boolean {
  return value === undefined;
}

function toInt(part: string | number): number | undefined {
  // What the text test below gives a whole number, without making the text (`-0` reads as `0`).
  if (typeof part === 'number' && Number.isSafeInteger(part)) return part === 0 ? 0 : part;
  const text = String(part).trim();
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** Why a CSL date cannot exist, or undefined when it can. */
export function impossibleDate(date: CslDate, now: Date = new Date()): string | undefined {
  const parts = date['date-parts'];
  if (!parts) return undefined;
  const latest = now.getUTCFullYear() + MAX_YEARS_AHEAD;
  for (const dateParts of parts) {
    const shown = (): string => dateParts.join('-');
    const numbers = dateParts.map(toInt);
    if (numbers.some(isUndefined)) return `\`${shown()}\`, which has a part that is not a whole number`;
    const yearPart = numbers[0];
    const monthPart = numbers[1];
    const dayPart = numbers[2];
    if (yearPart === undefined) continue;
    if (yearPart === 0) return `\`${shown()}\`: there is no year 0`;
    if (yearPart > latest) return `\`${shown()}\`: year ${yearPart} is in the future`;
    if (monthPart !== undefined && (monthPart < 1 || monthPart > 12)) {
      return `\`${shown()}\`: month ${monthPart} does not exist (use 1 to 12; put seasons in \`season\`)`;
    }
    if (monthPart !== undefined && dayPart !== undefined) {
      const max = daysInMonth(yearPart, monthPart);
      if (dayPart < 1 || dayPart > max) return `\`${shown()}\`: day ${dayPart} does not exist in that month (it has ${max} days)`;
    }
  }
  return undefined;
}

/** Prefixes after which a capital letter is part of a real name: McDonald, MacLeod, DeAngelis, LeBlanc, DiMaggio, VanderMeer, FitzGerald. */
const CAPITALISED_PREFIX = /^(?:\p{Lu}\p{Ll}?|Mac|Van|Von|Der|Den|Des|Del|Dal|Della|Delle|Dello|Vander|Vanden|Fitz|Ten|Ter|Abu|Ben|Bin|Mary|Ann|Anna|Jean|Lou)$/u;

/**
 * Whether a lower-case letter is followed by a capital anywhere in `text`:
 * a word can only hold one if the whole text does, and most names do not.
 * Plain ASCII (where those are `a-z` and `A-Z`) is read without the
 * Unicode-aware expression, which takes several times as long.
 */
function hasLowerThenUpper(text: string): boolean {
  let afterLower = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return /\p{Ll}\p{Lu}/u.test(text);
    if (afterLower && c >= 65 && c <= 90) return true;
    afterLower = c >= 97 && c <= 122;
  }
  return false;
}

/** Lower-case particles written against a capitalised name (`vanZuilen`): the one case where the fix is certain. */
const JOINED_PARTICLE = /^(van|von|vom|zu|ten|ter|de|der|den|del|della|delle|di|da|das|dos|do|du|le|la)(\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}\p{Ll}+)*)$/u;

/**
 * The first word of `text` that looks like two names written without a
 * space. `fixed` is given only where the fix is certain (a lower-case
 * particle: `vanZuilen` → `van Zuilen`); `LindeForsberg` may be
 * `Linde-Forsberg` or `Linde Forsberg`, and no fix is guessed.
 */
export function runTogetherWord(text: string): { word: string; fixed?: string } | undefined {
  if (!hasLowerThenUpper(text)) return undefined;
  // Hyphens, apostrophes and spaces separate legitimate parts: Abd-Elsayed, O'Neill, d'Alembert.
  for (const word of text.split(/[\s\-\u2010\u2011'\u2019.]+/)) {
    const match = /\p{Ll}(?=\p{Lu})/u.exec(word);
    if (!match) continue;
    const particle = JOINED_PARTICLE.exec(word);
    if (particle?.[1] && particle[2]) return { word, fixed: text.replace(word, `${particle[1]} ${particle[2]}`) };
    const cut = match.index + 1;
    const head = word.slice(0, cut);
    const tail = word.slice(cut);
    if (CAPITALISED_PREFIX.test(head) && !/\p{Ll}\p{Lu}/u.test(tail)) continue;
    // `McDonaldSmith`: the allowed prefix is followed by another run-together name.
    if (CAPITALISED_PREFIX.test(head)) {
      const inner = runTogetherWord(tail);
      if (inner) return { word };
      continue;
    }
    if (tail.length < 2 && !/\p{Ll}/u.test(tail)) continue;
    return { word };
  }
  return undefined;
}
