/**
 * Record-level edits of bibliography files that hold several items: remove
 * one record, or replace one with another item, leaving every other byte of
 * the file as it was (a `.bib` keeps its `@string`s, comments and layout; a
 * `.ris` its other records; a YAML list its comments).
 *
 * Every edit is checked before it is returned: the new text is parsed again
 * and must hold exactly the old records, in order, minus the removed ones and
 * with the replaced ones changed — same keys, same fields. Anything else
 * (a generated RIS key that would shift, a record the parser would read
 * differently) throws a {@link RecordEditError} and nothing should be written.
 *
 * `.bib` and `.ris` records can be removed but not replaced: writing an item
 * back to BibTeX or RIS loses fields, so callers put a changed item in its
 * canonical YAML file instead (see {@link canReplaceIn}).
 *
 * Used by `dedupe --fix`; `add --update` can use it to rewrite a record in place.
 */
import { isDeepStrictEqual } from 'node:util';
import { LineCounter, isMap, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { parseBibliographyText, type BibliographyFormat } from './parse.js';
import type { CslItem } from './schema.js';
import { serializeItem } from './write.js';

/** One record of a file, by where it starts (as `BibEntry.source` gives it) and its key. */
export interface RecordRef {
  line: number;
  column: number;
  id: string;
}

export type RecordEdit = (RecordRef & { kind: 'remove' }) | (RecordRef & { kind: 'replace'; item: CslItem });

export class RecordEditError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'RecordEditError';
  }
}

/** Whether a record in a file of this format can be replaced in place without losing fields. */
export function canReplaceIn(format: BibliographyFormat): boolean {
  return format === 'yaml' || format === 'json';
}

interface Span {
  /** Offsets into the text: what to cut, and where the record itself starts (for replacement). */
  start: number;
  end: number;
  ref: RecordRef;
}

/**
 * The file's text after the edits, or `null` when no record would be left
 * (the caller deletes the file). Throws {@link RecordEditError} when a record
 * is not found where `ref` says, or when the result would not read back as
 * exactly the intended records.
 */
export function editBibliographyText(text: string, file: string, format: BibliographyFormat, edits: readonly RecordEdit[]): string | null {
  const fail = (message: string): never => {
    throw new RecordEditError(message, file);
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bom = body === text ? '' : '\uFEFF';
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lf = eol === '\n' ? body : body.replace(/\r\n/g, '\n');
  const before = parseBibliographyText(lf, file, format);
  const where = (ref: RecordRef): string => `\`${ref.id}\` (${file}:${ref.line})`;
  for (const edit of edits) {
    const found = before.entries.find((e) => e.source.line === edit.line && e.source.column === edit.column);
    if (!found || found.item.id !== edit.id) fail(`${where(edit)} is not a record of \`${file}\` as it is now; nothing was written`);
    if (edit.kind === 'replace' && !canReplaceIn(format)) fail(`${where(edit)} cannot be rewritten in a \`.${format}\` file without losing fields; write it to its own YAML file instead`);
  }
  const removedIds = new Set(edits.filter((e) => e.kind === 'remove').map((e) => `${e.line}:${e.column}`));
  const remaining = before.entries.filter((e) => !removedIds.has(`${e.source.line}:${e.source.column}`));
  if (remaining.length === 0 && before.rejected.length === 0) return null;

  const spans = edits.map((edit) => {
    const span = locate(lf, format, edit);
    if (!span) fail(`${where(edit)} could not be located in \`${file}\`; nothing was written`);
    return { span: span as Span, edit };
  });
  spans.sort((a, b) => b.span.start - a.span.start);
  let out = lf;
  for (const { span, edit } of spans) {
    const replacement = edit.kind === 'replace' ? renderReplacement(lf, format, span, edit.item) : '';
    out = out.slice(0, span.start) + replacement + out.slice(span.end);
  }

  const after = parseBibliographyText(out, file, format);
  const expected = remaining.map((e) => {
    const edit = edits.find((x) => x.kind === 'replace' && x.line === e.source.line && x.column === e.source.column);
    return edit?.kind === 'replace' ? readBack(edit.item, format, file) : e.item;
  });
  const got = after.entries.map((e) => e.item);
  if (!isDeepStrictEqual(got, expected) || after.rejected.length !== before.rejected.length) {
    const shifted = got.find((item, i) => expected[i] && item.id !== expected[i].id);
    const why = shifted
      ? `the record keyed \`${expected[got.indexOf(shifted)]!.id}\` would be read as \`${shifted.id}\` (keys made up for records without one shift when a record goes); give the records their own keys (RIS \`ID\`)`
      : 'the file would not read back as the same records';
    fail(`Editing \`${file}\` is refused: ${why}; nothing was written`);
  }
  const result = eol === '\n' ? out : out.replace(/\n/g, eol);
  return bom + result;
}

/** What an item reads back as from a file of this format, for the check after a replacement. */
function readBack(item: CslItem, format: BibliographyFormat, file: string): CslItem {
  const text = format === 'json' ? JSON.stringify(item) : serializeItem(item);
  const parsed = parseBibliographyText(text, file, format);
  if (parsed.entries.length !== 1) throw new RecordEditError(`Item \`${item.id}\` is not a valid record; nothing was written`, file);
  return parsed.entries[0]!.item;
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The end of the line holding `offset` (after its newline), or the text's end. */
function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Skips blank lines from `offset` (at a line start). */
function skipBlankLines(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    const end = endOfLine(text, at);
    if (end === at || text.slice(at, end).trim() !== '') return at;
    at = end;
  }
}

function locate(text: string, format: BibliographyFormat, ref: RecordRef): Span | undefined {
  const starts = lineStartOffsets(text);
  const lineStart = starts[ref.line - 1];
  if (lineStart === undefined) return undefined;
  switch (format) {
    case 'ris':
      return locateRis(text, lineStart, ref);
    case 'bib':
      return locateBibtex(text, lineStart, ref);
    case 'yaml':
      return locateYaml(text, ref);
    case 'json':
      return locateJson(text, starts, ref);
  }
}

function locateRis(text: string, lineStart: number, ref: RecordRef): Span | undefined {
  if (!/^TY {1,2}- ?/.test(text.slice(lineStart, lineStart + 8))) return undefined;
  let at = endOfLine(text, lineStart);
  while (at < text.length) {
    const end = endOfLine(text, at);
    const line = text.slice(at, end);
    if (/^ER {1,2}-/.test(line)) return { start: lineStart, end: skipBlankLines(text, end), ref };
    // A record that never closes ends where the next one starts.
    if (/^TY {1,2}- ?/.test(line)) return { start: lineStart, end: at, ref };
    at = end;
  }
  return { start: lineStart, end: text.length, ref };
}

function locateBibtex(text: string, lineStart: number, ref: RecordRef): Span | undefined {
  const head = /^[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*([{(])/.exec(text.slice(lineStart));
  if (!head) return undefined;
  const open = lineStart + head[0].length - 1;
  const close = head[1] === '{' ? '}' : ')';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{' || (i === open && c === '(')) depth++;
    else if (c === '}' || (close === ')' && c === ')' && depth === 1)) {
      depth--;
      if (depth === 0) {
        // The rest of the closing line goes too when it is blank, and the blank lines after it.
        const lineEnd = endOfLine(text, i + 1);
        const rest = text.slice(i + 1, lineEnd);
        const end = rest.trim() === '' ? skipBlankLines(text, lineEnd) : i + 1;
        return { start: lineStart, end, ref };
      }
    }
  }
  return undefined;
}

function locateYaml(text: string, ref: RecordRef): Span | undefined {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false });
  for (const doc of Array.isArray(docs) ? docs : []) {
    const root = doc.contents;
    const seq = isSeq(root) ? root : isMap(root) ? root.get('references', true) : undefined;
    if (!isSeq(seq) || seq.flow) continue;
    const items = seq.items as YamlNode[];
    for (let i = 0; i < items.length; i++) {
      const node = items[i];
      const range = node?.range;
      if (!range) continue;
      const pos = lines.linePos(range[0]);
      if (pos.line !== ref.line || pos.col !== ref.column) continue;
      const starts = lineStartOffsets(text);
      const start = starts[ref.line - 1] as number;
      // The `- ` of this item must be alone before the node on its line.
      if (!/^\s*-\s+$/.test(text.slice(start, range[0]))) return undefined;
      const next = items[i + 1]?.range;
      let end: number;
      if (next) end = starts[lines.linePos(next[0]).line - 1] as number;
      else end = endOfLine(text, Math.max(range[1] - 1, range[0]));
      return { start, end: Math.max(end, endOfLine(text, range[0])), ref };
    }
  }
  return undefined;
}

/** Start and end offsets of each element of the JSON file's item list (a top-level array, or the top-level object's `references`). */
function jsonElements(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  let listDepth = -1;
  let topKey: string | undefined;
  let expectKey = false;
  let elementStart = -1;
  let lastValueEnd = -1;
  const stack: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') continue;
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey && depth === 1) topKey = text.slice(i + 1, end);
      if (depth === listDepth && elementStart === -1 && !expectKey) elementStart = i;
      expectKey = false;
      i = end;
      lastValueEnd = end + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      if (depth === listDepth && elementStart === -1) elementStart = i;
      if (c === '[' && (depth === 0 || (depth === 1 && stack[0] === true && topKey === 'references'))) listDepth = depth + 1;
      stack.push(c === '{');
      depth++;
      expectKey = c === '{';
      continue;
    }
    if (c === '}' || c === ']') {
      if (depth === listDepth && elementStart !== -1) {
        out.push({ start: elementStart, end: lastValueEnd });
        elementStart = -1;
      }
      if (depth === listDepth && c === ']') listDepth = -2;
      depth--;
      stack.pop();
      lastValueEnd = i + 1;
      continue;
    }
    if (c === ',') {
      if (depth === listDepth && elementStart !== -1) {
        out.push({ start: elementStart, end: lastValueEnd });
        elementStart = -1;
      }
      expectKey = stack[stack.length - 1] === true;
      continue;
    }
    if (c === ':') continue;
    // A number, true, false or null.
    if (depth === listDepth && elementStart === -1) elementStart = i;
    let end = i;
    while (end < text.length && !/[\s,\]}]/.test(text[end] as string)) end++;
    lastValueEnd = end;
    i = end - 1;
  }
  return out;
}

function locateJson(text: string, starts: number[], ref: RecordRef): Span | undefined {
  const elements = jsonElements(text);
  const at = (starts[ref.line - 1] as number) + ref.column - 1;
  const index = elements.findIndex((e) => e.start === at);
  if (index === -1) return undefined;
  const element = elements[index]!;
  const next = elements[index + 1];
  const previous = elements[index - 1];
  // The element and one separator: the comma after it, or before it when it is the last.
  if (next) return { start: element.start, end: next.start, ref };
  if (previous) return { start: previous.end, end: element.end, ref };
  return { start: element.start, end: element.end, ref };
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

function renderReplacement(text: string, format: BibliographyFormat, span: Span, item: CslItem): string {
  if (format === 'yaml') {
    const dash = /^(\s*)-(\s+)/.exec(text.slice(span.start)) ?? ['', '', ' '];
    const pad = `${dash[1]}${' '.repeat(1 + (dash[2]?.length ?? 1))}`;
    const lines = serializeItem(item).replace(/\n$/, '').split('\n');
    const body = lines.map((l, i) => (i === 0 ? `${dash[1]}-${dash[2]}${l}` : l === '' ? '' : `${pad}${l}`)).join('\n');
    // Blank and comment lines at the end of the cut span (before the next item) are kept after the new record.
    const cut = text.slice(span.start, span.end).split('\n');
    if (cut[cut.length - 1] === '') cut.pop();
    let keep = cut.length;
    while (keep > 1 && (cut[keep - 1]!.trim() === '' || cut[keep - 1]!.trim().startsWith('#'))) keep--;
    const trailing = cut.slice(keep).map((l) => `${l}\n`).join('');
    return `${body}\n${trailing}`;
  }
  // JSON: the element is replaced where it stands, with the separator the span took.
  const cut = text.slice(span.start, span.end);
  const elementStart = text.indexOf('{', span.start);
  const indent = indentOf(text, elementStart);
  const unit = /\n([ \t]+)"/.exec(text)?.[1]?.slice(indent.length) || '  ';
  const json = JSON.stringify(item, null, unit.length > 0 ? unit : 2)
    .split('\n')
    .map((l, i) => (i === 0 ? l : `${indent}${l}`))
    .join('\n');
  if (span.start === elementStart) {
    // `{…},<ws>` — keep the separator that followed the element.
    const end = matchingBrace(text, elementStart);
    return json + text.slice(end, span.end);
  }
  // `,<ws>{…}` — the last element: keep the separator before it.
  return cut.slice(0, elementStart - span.start) + json;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}
