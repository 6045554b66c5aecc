/**
 * Finds bibliography items that are the same work, and pairs that may be.
 * Candidates come from blocking keys (DOI, PMID, normalised title + first
 * author), so the cost grows with the number of items, not of pairs.
 *
 * A false merge rewrites citations onto the wrong paper, so the rule is
 * built from what proves two records are different works (as Zotero and
 * JabRef do, never merging across differing identifiers):
 *
 * - both carry DOIs and they differ, or both PMIDs and they differ;
 * - both carry a volume and a first page (or article number) and they differ
 *   (two letters with one title in two issues of one journal).
 *
 * Two records are the same work when they share a DOI or a PMID and nothing
 * above sets them apart; or when their normalised titles and first authors
 * match, their years are at most one apart, they are in the same journal
 * (by ISSN or by name, abbreviated or not: `journal.ts`), of compatible
 * types, and agree on every locator (volume, first page) that either gives.
 *
 * Pairs that are likely but not certain are returned as `possible`, never
 * grouped: a title match in two journals (a conference abstract and its
 * paper, or a translation), years two apart, one record without the page
 * numbers the other has, a generic title (`Reply`), or a shared identifier
 * contradicted by the locators. `dedupe` lists them for the editor; nothing
 * merges them by itself and `duplicate-reference` does not report them.
 *
 * Records that failed validation (`Bibliography.rejected`) take part through
 * their DOI and PMID: a broken copy of a work is still a copy.
 */
import type { CslDate, CslItem, CslName } from './schema.js';
import { compareContainers, issnsOf, type Container } from './journal.js';
import { impossibleYear } from './merge.js';
import { normalizeDoi, normalizePmid, normalizeTitle } from './normalize.js';
import type { BibEntry, RejectedRecord } from './types.js';

export type DuplicateReason = 'DOI' | 'PMID' | 'title';

export interface FieldDifference {
  field: string;
  /** Readable renderings: the first member's value, then this member's. */
  values: [string, string];
}

export interface DuplicateMember {
  entry: BibEntry;
  /** How this member matches the group (the first member, or another member linked to it); absent on the first. */
  reason?: DuplicateReason;
  /** Fields on which this member disagrees with the first; empty for the first. */
  differences: FieldDifference[];
}

/** A record that failed validation and is a copy of the group's work by DOI or PMID. */
export interface BrokenCopy {
  record: RejectedRecord;
  reason: 'DOI' | 'PMID';
}

export interface DuplicateGroup {
  /** Valid items, in file order (path, then line); the first is the one the other findings point at. */
  members: DuplicateMember[];
  /** Copies that failed validation, in file order; they are reported but never merged. */
  brokenCopies?: BrokenCopy[];
}

/** Why a pair is only possibly one work. */
export type PossibleWhy =
  | 'different-container'
  | 'one-container-missing'
  | 'locator-missing'
  | 'locator-differs'
  | 'years-apart'
  | 'year-missing'
  | 'type-differs'
  | 'generic-title'
  | 'identifier-conflict'
  | 'linked-to-another-work';

export interface PossibleDuplicate {
  /** In file order. */
  first: BibEntry;
  second: BibEntry;
  /** What they share. */
  linkedBy: DuplicateReason;
  why: PossibleWhy;
  /** The why in words, with the values: ``in `PLOS ONE` and `Invest Ophthalmol Vis Sci` ``. */
  detail: string;
  differences: FieldDifference[];
}

export interface DuplicateAnalysis {
  /**
   * Sets of records that are one work, in file order of their first record.
   * A group may hold a single valid member when its other copies failed
   * validation, or none when every copy did.
   */
  groups: DuplicateGroup[];
  /** Pairs for the editor to judge, in file order; never in `groups` together. */
  possible: PossibleDuplicate[];
}

/** `issued: 2013 vs 2014`. */
export function describeDifference(difference: FieldDifference): string {
  return `${difference.field}: ${difference.values[0]} vs ${difference.values[1]}`;
}

const NONE = '(none)';

function doiOf(item: CslItem): string {
  return item.DOI ? normalizeDoi(item.DOI) : '';
}

function pmidOf(item: CslItem): string {
  return item.PMID !== undefined ? normalizePmid(item.PMID) : '';
}

function familyOf(name: CslName | undefined): string {
  return name?.family ?? name?.literal ?? name?.given ?? '';
}

function yearOf(item: CslItem): number | undefined {
  const year = item.issued?.['date-parts']?.[0]?.[0];
  const n = year === undefined ? NaN : Number(year);
  return Number.isInteger(n) ? n : undefined;
}

function renderDate(date: CslDate | undefined, full: boolean): string {
  const parts = date?.['date-parts']?.[0];
  if (!parts) return date?.literal ?? date?.raw ?? NONE;
  if (!full) return String(parts[0]);
  return parts.map((p, i) => (i === 0 ? String(p) : String(p).padStart(2, '0'))).join('-');
}

function renderNames(names: CslName[] | undefined): string {
  return names?.length ? names.map(familyOf).join(', ') : NONE;
}

function text(value: string | number | undefined): string {
  return value === undefined || value === '' ? NONE : String(value);
}

/** The fields on which `other` disagrees with `first`, rendered for messages. */
export function compareItems(first: CslItem, other: CslItem): FieldDifference[] {
  const out: FieldDifference[] = [];
  const add = (field: string, a: string, b: string): void => {
    if (a !== b) out.push({ field, values: [a, b] });
  };
  add('title', text(first.title), text(other.title));
  add('author', renderNames(first.author), renderNames(other.author));
  const sameYear = renderDate(first.issued, false) === renderDate(other.issued, false);
  add('issued', renderDate(first.issued, sameYear), renderDate(other.issued, sameYear));
  add('container-title', text(first['container-title']), text(other['container-title']));
  add('volume', text(first.volume), text(other.volume));
  add('issue', text(first.issue), text(other.issue));
  add('page', text(first.page), text(other.page));
  if (doiOf(first) !== doiOf(other)) add('DOI', text(first.DOI), text(other.DOI));
  if (pmidOf(first) !== pmidOf(other)) add('PMID', text(first.PMID), text(other.PMID));
  add('type', first.type, other.type);
  return out;
}

function compareSources(a: { file: string; line: number; column: number }, b: { file: string; line: number; column: number }): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.column - b.column;
}

function compareEntries(a: BibEntry, b: BibEntry): number {
  return compareSources(a.source, b.source) || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0);
}

// ---------------------------------------------------------------- locators

/** `8(SUPPL 1)` → `8`, `Vol. 12` → `12`; other volumes folded to lower case. */
function volumeKey(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const raw = String(value).trim().toLowerCase();
  const number = /^(?:vol(?:ume)?\.?\s*)?(\d+)/.exec(raw)?.[1];
  return number !== undefined ? number.replace(/^0+(?=\d)/, '') : raw;
}

/**
 * The first page (or article number) as a comparison key: `239–240` → `239`,
 * `S123` and `123` alike (supplement pages and article numbers are compared
 * by their number, as DedupEndNote does), `e0098765` → `98765`.
 */
export function firstPageKey(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const text = String(value).trim();
  const end = text.search(/[-–—‐,+]/);
  const first = (end === -1 ? text : text.slice(0, end)).trim().toLowerCase();
  const number = /\d+/.exec(first)?.[0];
  return number !== undefined ? number.replace(/^0+(?=\d)/, '') : first;
}

interface Locator {
  volume: string;
  first: string;
}

function locatorOf(fields: { volume?: unknown; page?: unknown; number?: unknown; type?: unknown }): Locator {
  // An article number stands in for the first page when there is no page (`number` in CSL, `C7`/`AR` in exports).
  const page = fields.page ?? (fields.type === 'article-journal' ? fields.number : undefined);
  return { volume: volumeKey(fields.volume), first: firstPageKey(page) };
}

// ---------------------------------------------------------------- records as compared

interface Node {
  entry?: BibEntry;
  rejected?: RejectedRecord;
  source: { file: string; line: number; column: number };
  doi: string;
  pmid: string;
  /** Worked out when first compared: most records are never in a candidate pair. */
  locator?: Locator;
  /** The normalised title, for valid items that have one. */
  title?: string;
}

function locatorOfNode(node: Node): Locator {
  node.locator ??= locatorOf(node.entry?.item ?? node.rejected?.fields ?? {});
  return node.locator;
}

/** Hard evidence that two records are different works. */
function conflict(a: Node, b: Node): 'DOI' | 'PMID' | 'locator' | undefined {
  if (a.doi && b.doi && a.doi !== b.doi) return 'DOI';
  if (a.pmid && b.pmid && a.pmid !== b.pmid) return 'PMID';
  const [x, y] = [locatorOfNode(a), locatorOfNode(b)];
  if (x.volume && y.volume && x.first && y.first && (x.volume !== y.volume || x.first !== y.first)) return 'locator';
  return undefined;
}

/** Titles that many different works carry: a match on them alone proves nothing. */
const GENERIC_TITLES = new Set([
  'reply', 'in reply', 'response', 'authors reply', 'author reply', 'reply to the authors', 'the authors reply', 'response to letter',
  'letter', 'letter to the editor', 'letters', 'correspondence', 'comment', 'commentary', 'editorial', 'erratum', 'errata', 'correction',
  'corrigendum', 'introduction', 'preface', 'foreword', 'abstracts', 'abstract', 'news', 'book review', 'obituary', 'retraction',
]);

/** Item types that may name one work as exported by different databases. */
const TYPE_FAMILY: Record<string, string> = {
  'article-journal': 'article',
  article: 'article',
  'article-magazine': 'article',
  review: 'article',
  'paper-conference': 'conference',
  book: 'book',
  chapter: 'chapter',
  report: 'report',
  thesis: 'thesis',
  webpage: 'web',
  post: 'web',
  'post-weblog': 'web',
};

function compatibleTypes(a: string, b: string): boolean {
  if (a === b || a === 'document' || b === 'document') return true;
  return (TYPE_FAMILY[a] ?? a) === (TYPE_FAMILY[b] ?? b);
}

function containerOf(item: CslItem): Container {
  const names = [item['container-title'], item['container-title-short']].filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  return { names, issns: issnsOf(item.ISSN) };
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(' and ');
}

type Judgement = { kind: 'same' } | { kind: 'possible'; why: PossibleWhy; detail: string } | { kind: 'different' };

/** Two valid items with the same normalised title and first author: one work, maybe one, or two. */
function judgeTitleMatch(a: BibEntry, b: BibEntry, x: Node, y: Node, title: string): Judgement {
  if (conflict(x, y)) return { kind: 'different' };
  // An impossible year (30 for 2030) says nothing about the work: read as no year.
  const plausible = (year: number | undefined) => (year === undefined || impossibleYear(year) ? undefined : year);
  const [ya, yb] = [plausible(yearOf(a.item)), plausible(yearOf(b.item))];
  if (ya !== undefined && yb !== undefined && Math.abs(ya - yb) > 2) return { kind: 'different' };
  const possible = (why: PossibleWhy, detail: string): Judgement => ({ kind: 'possible', why, detail });
  if (GENERIC_TITLES.has(title)) return possible('generic-title', `the title \`${a.item.title ?? ''}\` is one many works carry`);
  if ((ya === undefined) !== (yb === undefined)) return possible('year-missing', 'one of them has no year, or an impossible one');
  if (ya !== undefined && yb !== undefined && Math.abs(ya - yb) === 2) return possible('years-apart', `their years are two apart: ${ya} and ${yb}`);
  if (!compatibleTypes(a.item.type, b.item.type)) return possible('type-differs', `one is \`${a.item.type}\`, the other \`${b.item.type}\``);
  const [ca, cb] = [containerOf(a.item), containerOf(b.item)];
  const containers = compareContainers(ca, cb);
  if (containers === 'different') {
    return possible('different-container', `they are in ${quoted([ca.names[0] ?? '', cb.names[0] ?? ''])}`);
  }
  if (containers === 'unknown' && (ca.names.length > 0 || cb.names.length > 0 || ca.issns.length > 0 || cb.issns.length > 0)) {
    return possible('one-container-missing', 'only one of them names its journal or book');
  }
  const [la, lb] = [locatorOfNode(x), locatorOfNode(y)];
  for (const part of ['volume', 'first'] as const) {
    const what = part === 'volume' ? 'volume' : 'first page';
    if (la[part] && lb[part] && la[part] !== lb[part]) return possible('locator-differs', `their ${what}s differ: ${la[part]} and ${lb[part]}`);
    if (Boolean(la[part]) !== Boolean(lb[part])) return possible('locator-missing', `only one of them gives the ${what}`);
  }
  return { kind: 'same' };
}

// ---------------------------------------------------------------- grouping

function bucket(map: Map<string, number[]>, key: string, index: number): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

/** `vs`, `vs.` and `versus` are one word in titles. */
function titleKeyOf(title: string): string {
  const key = normalizeTitle(title);
  return key.includes('vs') ? key.replace(/\bvs\b/g, 'versus') : key;
}

interface Link {
  a: number;
  b: number;
  reason: DuplicateReason;
}

/** Disjoint sets that keep each set's members, so a union can be refused when two members conflict. */
class Components {
  private readonly parent: Int32Array;
  /** Members of the sets that have grown past one record, by root. */
  private readonly members = new Map<number, number[]>();
  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    let node = i;
    while (node !== root) {
      const next = this.parent[node] as number;
      this.parent[node] = root;
      node = next;
    }
    return root;
  }
  /** Every set of two or more, by root, members in the order they joined. */
  sets(): IterableIterator<[number, number[]]> {
    return this.members.entries();
  }
  membersOf(i: number): readonly number[] {
    const root = this.find(i);
    return this.members.get(root) ?? [root];
  }
  union(a: number, b: number): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra === rb) return;
    // The smaller index (earlier in file order) stays the root.
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[child] = root;
    this.members.set(root, [...(this.members.get(root) ?? [root]), ...(this.members.get(child) ?? [child])]);
    this.members.delete(child);
  }
}

const REASON_RANK: Record<DuplicateReason, number> = { DOI: 0, PMID: 1, title: 2 };

/**
 * More records than this under one DOI, PMID or title and first author are
 * not copies of one work (a placeholder DOI, a column's recurring title), and
 * comparing every pair would cost the square of their number: such a bucket
 * links nothing.
 */
const MAX_BUCKET = 200;

/**
 * Duplicate groups and possible pairs among valid `entries` and the records
 * that failed validation (`rejected`). Groups, members and pairs come out in
 * file order, whatever the input order.
 */
export function analyseDuplicates(entries: readonly BibEntry[], rejected: readonly RejectedRecord[] = []): DuplicateAnalysis {
  // Records that failed validation take part only through an identifier; without one they have nothing reliable to match.
  const records: (BibEntry | RejectedRecord)[] = [...entries];
  for (const record of rejected) if (record.fields.DOI || record.fields.PMID) records.push(record);
  const idOf = (r: BibEntry | RejectedRecord): string => ('item' in r ? r.item.id : '');
  records.sort((a, b) => compareSources(a.source, b.source) || (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));

  // Keys for every record; the comparison view of a record (`Node`) only for those in a candidate pair.
  const dois: string[] = new Array<string>(records.length);
  const pmids: string[] = new Array<string>(records.length);
  const titles: string[] = new Array<string>(records.length);
  const byDoi = new Map<string, number[]>();
  const byPmid = new Map<string, number[]>();
  const byTitle = new Map<string, number[]>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as BibEntry | RejectedRecord;
    let doi: string;
    let pmid: string;
    if ('item' in record) {
      const { item } = record;
      doi = doiOf(item);
      pmid = pmidOf(item);
      const title = item.title ? titleKeyOf(item.title) : '';
      titles[i] = title;
      if (title) bucket(byTitle, `${title}\u0000${normalizeTitle(familyOf(item.author?.[0] ?? item.editor?.[0]))}`, i);
    } else {
      doi = record.fields.DOI ? normalizeDoi(record.fields.DOI) : '';
      pmid = record.fields.PMID ? normalizePmid(record.fields.PMID) : '';
    }
    dois[i] = doi;
    pmids[i] = pmid;
    bucket(byDoi, doi, i);
    bucket(byPmid, pmid, i);
  }
  const nodes = new Map<number, Node>();
  const node = (i: number): Node => {
    let made = nodes.get(i);
    if (!made) {
      const record = records[i] as BibEntry | RejectedRecord;
      const base = { source: record.source, doi: dois[i] as string, pmid: pmids[i] as string };
      made = 'item' in record ? { ...base, entry: record, title: titles[i] as string } : { ...base, rejected: record };
      nodes.set(i, made);
    }
    return made;
  };

  const links: Link[] = [];
  const candidates: { a: number; b: number; pair: PossibleDuplicate }[] = [];
  const seenPairs = new Set<string>();
  const addPossible = (a: number, b: number, linkedBy: DuplicateReason, why: PossibleWhy, detail: string): void => {
    const [x, y] = [node(a), node(b)];
    if (!x.entry || !y.entry) return;
    const key = `${a}\u0000${b}`;
    if (seenPairs.has(key)) return;
    seenPairs.add(key);
    candidates.push({ a, b, pair: { first: x.entry, second: y.entry, linkedBy, why, detail, differences: compareItems(x.entry.item, y.entry.item) } });
  };
  const identifierPairs = (lists: Iterable<number[]>, reason: 'DOI' | 'PMID'): void => {
    for (const list of lists) {
      if (list.length > MAX_BUCKET) continue;
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          const [a, b] = [list[x] as number, list[y] as number];
          const why = conflict(node(a), node(b));
          if (!why) links.push({ a, b, reason });
          else if (why === 'locator') addPossible(a, b, reason, 'locator-differs', `they share the ${reason} but not the volume and first page`);
          else addPossible(a, b, reason, 'identifier-conflict', `they share the ${reason} but their ${why}s differ`);
        }
      }
    }
  };
  identifierPairs(byDoi.values(), 'DOI');
  identifierPairs(byPmid.values(), 'PMID');
  for (const list of byTitle.values()) {
    if (list.length < 2 || list.length > MAX_BUCKET) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const [a, b] = [list[x] as number, list[y] as number];
        const [na, nb] = [node(a), node(b)];
        const verdict = judgeTitleMatch(na.entry as BibEntry, nb.entry as BibEntry, na, nb, na.title as string);
        if (verdict.kind === 'same') links.push({ a, b, reason: 'title' });
        else if (verdict.kind === 'possible') addPossible(a, b, 'title', verdict.why, verdict.detail);
      }
    }
  }

  // Strongest links first; a link that would put two conflicting records in one group is refused. Ties are
  // broken by the records' keys, not their places, so which link wins does not depend on file order.
  const nameOf = (i: number): string => {
    const n = node(i);
    return n.entry ? n.entry.item.id : `\uffff${n.source.file}:${n.source.line}:${n.source.column}`;
  };
  const linkKey = (link: Link): string => {
    const [x, y] = [nameOf(link.a), nameOf(link.b)];
    return x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`;
  };
  const keyed = links.map((link) => ({ link, key: linkKey(link) }));
  keyed.sort((p, q) => REASON_RANK[p.link.reason] - REASON_RANK[q.link.reason] || (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
  links.length = 0;
  for (const { link } of keyed) links.push(link);
  const sets = new Components(records.length);
  const reasonOf = new Map<number, DuplicateReason>();
  for (const link of links) {
    if (sets.find(link.a) === sets.find(link.b)) continue;
    const left = sets.membersOf(link.a);
    const right = sets.membersOf(link.b);
    const clash = left.some((i) => right.some((j) => conflict(node(i), node(j)) !== undefined));
    if (clash) {
      addPossible(link.a, link.b, link.reason, 'linked-to-another-work', `one of them is already grouped with a record that is another work`);
      continue;
    }
    sets.union(link.a, link.b);
    for (const i of [link.a, link.b]) if (!reasonOf.has(i) || REASON_RANK[link.reason] < REASON_RANK[reasonOf.get(i) as DuplicateReason]) reasonOf.set(i, link.reason);
  }

  // Sets in file order of their first record, members in file order.
  const components = [...sets.sets()].sort((p, q) => p[0] - q[0]).map(([, members]) => members.sort((a, b) => a - b));
  const groups: DuplicateGroup[] = [];
  for (const indices of components) {
    const valid = indices.filter((i) => node(i).entry);
    const broken = indices.filter((i) => node(i).rejected);
    const first = valid.length > 0 ? (node(valid[0] as number).entry as BibEntry) : undefined;
    const group: DuplicateGroup = {
      members: valid.map((i, position) => {
        const entry = node(i).entry as BibEntry;
        if (position === 0 || !first) return { entry, differences: [] };
        return { entry, reason: reasonOf.get(i) ?? 'title', differences: compareItems(first.item, entry.item) };
      }),
    };
    if (broken.length > 0) {
      group.brokenCopies = broken.map((i) => {
        const copy = node(i);
        const sharesDoi = copy.doi !== '' && indices.some((j) => j !== i && dois[j] === copy.doi);
        return { record: copy.rejected as RejectedRecord, reason: sharesDoi ? 'DOI' : 'PMID' };
      });
    }
    groups.push(group);
  }
  // Pairs whose records ended up in one group after all are not "possible" any more.
  const possible = candidates.filter((c) => sets.find(c.a) !== sets.find(c.b)).map((c) => c.pair);
  possible.sort((p, q) => compareEntries(p.first, q.first) || compareEntries(p.second, q.second));
  return { groups, possible };
}

/** Groups of two or more valid items that are the same work; groups and members in file order. */
export function findDuplicates(entries: readonly BibEntry[]): DuplicateGroup[] {
  return analyseDuplicates(entries).groups.filter((g) => g.members.length >= 2);
}
