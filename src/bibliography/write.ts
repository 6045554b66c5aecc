/**
 * The canonical form of a bibliography item: one CSL-YAML mapping per file,
 * `references/<id>.yaml`, with a fixed key order so that rewriting an item
 * changes only the lines whose values changed.
 */
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { Document, isPair, isScalar, isSeq, visit } from 'yaml';
import { writeFileAtomic, type AtomicFs } from '../util/atomic.js';
import { parseBibliographyText } from './parse.js';
import { DATE_FIELDS, NAME_FIELDS, cslItemSchema, type CslItem } from './schema.js';

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const OTHER_NAME_FIELDS = NAME_FIELDS.filter((f) => f !== 'author' && f !== 'editor').sort(byCodeUnit);
const OTHER_DATE_FIELDS = DATE_FIELDS.filter((f) => f !== 'issued' && f !== 'accessed').sort(byCodeUnit);

/** The order of an item's keys in canonical files; keys not listed follow, sorted. */
export const CANONICAL_KEY_ORDER: readonly string[] = [
  'id', 'type', 'title', 'title-short', 'author', 'editor',
  ...OTHER_NAME_FIELDS,
  'issued',
  ...OTHER_DATE_FIELDS,
  'container-title', 'container-title-short', 'collection-title', 'publisher', 'publisher-place',
  'volume', 'issue', 'page', 'number', 'edition',
  'DOI', 'PMID', 'PMCID', 'ISBN', 'ISSN', 'URL', 'accessed',
  'language', 'abstract', 'keyword', 'topics', 'evidence', 'retracted', 'note',
];
const NAME_KEY_ORDER = ['family', 'given'];
const DATE_KEY_ORDER = ['date-parts'];
const NAME_FIELD_SET: ReadonlySet<string> = new Set(NAME_FIELDS);
const DATE_FIELD_SET: ReadonlySet<string> = new Set(DATE_FIELDS);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ordered(record: Record<string, unknown>, first: readonly string[], inner: (key: string, value: unknown) => unknown): Record<string, unknown> {
  const rank = new Map(first.map((k, i) => [k, i]));
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort((a, b) => {
      const ra = rank.get(a);
      const rb = rank.get(b);
      if (ra !== undefined && rb !== undefined) return ra - rb;
      if (ra !== undefined) return -1;
      if (rb !== undefined) return 1;
      return byCodeUnit(a, b);
    });
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = inner(key, record[key]);
  return out;
}

function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (isRecord(value)) return ordered(value, [], (_k, v) => sortedDeep(v));
  return value;
}

function canonicalValue(key: string, value: unknown): unknown {
  if (NAME_FIELD_SET.has(key) && Array.isArray(value)) {
    return value.map((name) => (isRecord(name) ? ordered(name, NAME_KEY_ORDER, (_k, v) => sortedDeep(v)) : sortedDeep(name)));
  }
  if (DATE_FIELD_SET.has(key) && isRecord(value)) return ordered(value, DATE_KEY_ORDER, (_k, v) => sortedDeep(v));
  return sortedDeep(value);
}

/** The item with its keys in canonical order (values unchanged). */
export function canonicalItem(item: CslItem): Record<string, unknown> {
  return ordered(item, CANONICAL_KEY_ORDER, canonicalValue);
}

/** One item as canonical CSL-YAML: a top-level mapping, `date-parts` in flow style, no line folding. */
export function serializeItem(item: CslItem): string {
  const doc = new Document(canonicalItem(item), { version: '1.2' });
  visit(doc, {
    Pair(_key, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'date-parts' && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true, flowCollectionPadding: false });
}

/** The canonical file of an item, relative to the project root. */
export function itemFilePath(id: string): string {
  return `references/${id}.yaml`;
}

/** Why `id` cannot name a file, or undefined when it can. */
export function unsafeFileId(id: string): string | undefined {
  if (id === '' || id.startsWith('.')) return 'it is empty or starts with `.`';
  if (/[/\\]/.test(id)) return 'it contains a path separator';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'it contains a control character';
  return undefined;
}

/**
 * Writes `references/<id>.yaml` atomically and returns its path relative to
 * `root`. Refuses (throws) an item that fails the schema, an id that cannot
 * be a file name, or text that would not read back as the same item.
 */
export async function writeItemFile(root: string, item: CslItem, fs?: AtomicFs): Promise<string> {
  const checked = cslItemSchema.safeParse(item);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`Item \`${String(item.id)}\` is not valid CSL-JSON (\`${issue?.path.join('.') ?? ''}\`: ${issue?.message ?? 'invalid'}); it was not written`);
  }
  const unsafe = unsafeFileId(item.id);
  if (unsafe) throw new Error(`Citekey \`${item.id}\` cannot name a file because ${unsafe}; choose another id`);
  const rel = itemFilePath(item.id);
  const text = serializeItem(checked.data);
  const back = parseBibliographyText(text, rel, 'yaml').entries;
  if (back.length !== 1 || !isDeepStrictEqual(back[0]?.item, checked.data)) {
    throw new Error(`Item \`${item.id}\` would not read back unchanged from \`${rel}\`; it was not written`);
  }
  await writeFileAtomic(join(root, rel), text, fs);
  return rel;
}
