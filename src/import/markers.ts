/**
 * Numbered citation markers in article prose: `[3]`, `[3, 5]`, `[3–5]`,
 * `<sup>3</sup>`, `³`, `¹˒³`, and bare numbers glued to the end of a sentence
 * ("… wind-up process 2."). Bare numbers are the risky kind, so one is read
 * as a marker only when it is a valid entry number, the word before it is not
 * a quantity word ("for 4-6.", "1 in 5.", "aged 45."), and it does not jump far
 * ahead of the numbers cited so far (numbered lists are cited in order).
 */
import { asciiLowerCase, indexFinder, isAsciiWordChar, stripTags } from './scan.js';

export type MarkerKind = 'bracket' | 'superscript' | 'unicode-superscript' | 'bare' | 'flattened';

export interface Marker {
  kind: MarkerKind;
  /** Entry numbers, in the order written, ranges expanded. */
  numbers: number[];
  /** The span to replace: leading spaces, a sentence stop written before the marker, and the marker itself. */
  start: number;
  end: number;
  /** The marker as written. */
  raw: string;
  /** A sentence stop that stood before the marker; it goes after the citation. */
  movedPunctuation: string;
}

export interface SkippedNumber {
  start: number;
  end: number;
  raw: string;
  /** Why it was not read as a citation, for the import report. */
  reason: string;
}

export interface MarkerScan {
  markers: Marker[];
  skipped: SkippedNumber[];
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** `3, 5` → [3, 5]; `3–5` → [3, 4, 5]; `1-3,7` → [1, 2, 3, 7]. Undefined for anything else or a backwards range. */
export function expandNumberList(text: string): number[] | undefined {
  const normal = [...text]
    .map((ch) => {
      const d = SUPERSCRIPT_DIGITS.indexOf(ch);
      if (d >= 0) return String(d);
      return ch === '⁻' ? '-' : ch === '˒' ? ',' : ch;
    })
    .join('');
  const out: number[] = [];
  // Each part is trimmed below, so splitting at the bare separator is enough.
  for (const part of normal.split(/[,;]/)) {
    const range = /^(\d+)\s*[-–—]\s*(\d+)$/.exec(part.trim());
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from || to - from > 50) return undefined;
      for (let n = from; n <= to; n += 1) out.push(n);
    } else if (/^\d+$/.test(part.trim())) {
      out.push(Number(part.trim()));
    } else {
      return undefined;
    }
  }
  return out.length > 0 ? out : undefined;
}

/** Words after which a number is a quantity, a counter or a label, never a citation. */
const QUANTITY_WORDS = new Set([
  'in', 'of', 'to', 'and', 'or', 'than', 'about', 'approximately', 'approx', 'around', 'nearly', 'almost', 'over',
  'under', 'least', 'most', 'only', 'just', 'aged', 'age', 'ages', 'score', 'scores', 'scored', 'dose', 'doses', 'step',
  'steps', 'stage', 'stages', 'phase', 'grade', 'type', 'level', 'levels', 'version', 'chapter', 'figure', 'fig',
  'table', 'section', 'page', 'pages', 'p', 'pp', 'vol', 'volume', 'issue', 'no', 'number', 'day', 'week',
  'month', 'year', 'hour', 'minute', 'session', 'times',
  'every', 'per', 'x', '×', 'top', 'between', 'from', 'until', 'since', 'by', 'at', 'for', 'on', 'is', 'was', 'were',
  'are', 'be', 'been', 'equals', 'equal', 'totals', 'total', 'reached', 'out', 'rank', 'ranked', 'room', 'ward', 'bed',
  'class', 'covid', 'plus', 'minus', 'n', 'vs', 'versus', 'with', 'without', 'after', 'before', 'within', 'up', 'down',
  'rose', 'fell', 'increased', 'decreased', 'dropped', 'enrolled', 'included', 'recruited', 'numbered', 'count',
  'counted', 'rate', 'rated', 'ratio', 'mg', 'ml', 'kg', 'mmhg', 'bmi', 'lasts', 'takes', 'took', 'costs', 'cost',
  'costing', 'priced', 'paid', 'pay', 'ii', 'iii', 'level', 'tier', 'part', 'item', 'question', 'q', 'round',
  'visit', 'cycle', 'trial', 'group', 'arm', 'site', 'study', 'model', 'series',
  'generation', 'gen', 'grade', 'category', 'class', 'lot', 'batch', 'unit', 'units', 'like', 'roughly', 'some',
  'another', 'additional', 'extra', 'first', 'last', 'next', 'final', 'within', 'below', 'above', 'till',
]);

const UNIT_BEFORE_SUPERSCRIPT = /(?:\d|\b(?:m|cm|mm|km|ft|in|µm|um|kg\/m|mg\/m|m\/s))$/;

interface Range {
  start: number;
  end: number;
}

// The three scans below read what a regex would match, in linear time: a backtracking engine retries a
// pattern such as `/\]\([^)\s]*\)/g` from every `](`, reading on each time, quadratic on hostile input.

const LINE_TERMINATOR = /^[\n\r\u2028\u2029]$/;

/** Where `^` matches in a multiline pattern: at the start and after each of JavaScript's line terminators (`\u2028` too), which is not where a Markdown line starts (see util/line-index.ts). */
function regexLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (LINE_TERMINATOR.test(text[i] ?? '')) starts.push(i + 1);
  return starts;
}

/**
 * Fenced code blocks, as `/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm` matches them: a line opening with a
 * fence, up to the end of the next line that opens with the same fence.
 */
function fencedCodeRanges(text: string): Range[] {
  const fences = ['```', '~~~'];
  const opening: { at: number; fence: string }[] = [];
  const byFence = new Map<string, number[]>(fences.map((f) => [f, []]));
  for (const at of regexLineStarts(text)) {
    const fence = fences.find((f) => text.startsWith(f, at));
    if (fence) {
      opening.push({ at, fence });
      byFence.get(fence)?.push(at);
    }
  }
  const openingLineEnd = indexFinder(text, '\n');
  const closingLineEnd = indexFinder(text, '\n');
  const next = new Map(fences.map((f) => [f, 0]));
  const ranges: Range[] = [];
  let after = 0;
  for (const { at, fence } of opening) {
    if (at < after) continue;
    const bodyStart = openingLineEnd(at + 3) + 1;
    if (bodyStart === 0) continue;
    const closes = byFence.get(fence) ?? [];
    let k = next.get(fence) ?? 0;
    while (k < closes.length && (closes[k] ?? 0) < bodyStart) k += 1;
    next.set(fence, k);
    const close = closes[k];
    if (close === undefined) continue;
    const lineEnd = closingLineEnd(close + 3);
    after = lineEnd === -1 ? text.length : lineEnd;
    ranges.push({ start: at, end: after });
  }
  return ranges;
}

/** Markdown link targets, as `/\]\([^)\s]*\)/g` matches them: `](` up to the next `)` with no white space before it. */
function linkTargetRanges(text: string): Range[] {
  const ranges: Range[] = [];
  for (let i = text.indexOf(']('); i !== -1; ) {
    let j = i + 2;
    while (j < text.length && text[j] !== ')' && !/^\s$/.test(text[j] ?? '')) j += 1;
    if (text[j] === ')') {
      ranges.push({ start: i, end: j + 1 });
      i = text.indexOf('](', j + 1);
    } else {
      // Every `](` before `j` would stop at the same white space (or the end): none of them matches.
      i = text.indexOf('](', j);
    }
  }
  return ranges;
}

/** Link reference definitions, as `/^\s{0,3}\[[^\]\n]+\]:.*$/gm` matches them: `[label]: …` to the end of the line. */
function linkDefinitionRanges(text: string): Range[] {
  const bracketAt = indexFinder(text, ']');
  const newlineAt = indexFinder(text, '\n');
  const ranges: Range[] = [];
  let after = 0;
  for (const start of regexLineStarts(text)) {
    if (start < after) continue;
    let open = start;
    while (open < start + 3 && /^\s$/.test(text[open] ?? '')) open += 1;
    if (text[open] !== '[') continue;
    const bracket = bracketAt(open + 1);
    const newline = newlineAt(open + 1);
    // The label runs to the first `]` or line feed, whichever comes first, and is not empty.
    if (bracket <= open + 1 || (newline !== -1 && newline < bracket) || text[bracket + 1] !== ':') continue;
    let end = bracket + 2;
    while (end < text.length && !LINE_TERMINATOR.test(text[end] ?? '')) end += 1;
    ranges.push({ start, end });
    after = end;
  }
  return ranges;
}

/** Spans where numbers are never markers: code, URLs, Markdown link targets and definitions. */
function protectedRanges(text: string): Range[] {
  const ranges: Range[] = [...fencedCodeRanges(text), ...linkTargetRanges(text), ...linkDefinitionRanges(text)];
  for (const re of [/`[^`\n]+`/g, /\bhttps?:\/\/[^\s)>\]]+/g]) {
    for (const m of text.matchAll(re)) ranges.push({ start: m.index, end: m.index + m[0].length });
  }
  return ranges;
}

function overlaps(ranges: Range[], start: number, end: number): boolean {
  return ranges.some((r) => start < r.end && end > r.start);
}

const SUPERSCRIPT_LIST_CHAR = /^[\s\d,;–—\-[\]]$/;

/**
 * `<sup>` elements that hold only a number list, as
 * `/<sup\b[^>]*>((?:\s|<[^>]+>|[\d,;–—\-[\]])*)<\/sup>/gi` matches them, in linear time. From the opening
 * tag on, the content is read as a run of spaces, list characters and tags; the match ends at the last
 * `</sup>` of that run (the pattern's loop is greedy), so `<sup>1</sup>, <sup>2</sup>` is one match.
 */
function superscriptLists(text: string): { index: number; raw: string; inner: string }[] {
  const lower = asciiLowerCase(text);
  const openingEnd = indexFinder(text, '>');
  const tagEnd = indexFinder(text, '>');
  // The last run read. Every `>` inside a run ends one of its tags, so a run read from just after such a
  // `>` is the rest of the same run: the opening tags of a run's later `<sup>`s do not read it again.
  let run = { start: -1, end: -1, lastClose: -1 };
  const lastCloseFrom = (start: number): number => {
    if (start !== run.start && !(run.start < start && start <= run.end)) {
      run = { start, end: start, lastClose: -1 };
      let p = start;
      for (;;) {
        const ch = text[p];
        if (ch === undefined) break;
        if (ch === '<') {
          const end = tagEnd(p + 1);
          if (end <= p + 1) break;
          if (lower.startsWith('</sup>', p)) run.lastClose = p;
          p = end + 1;
        } else if (SUPERSCRIPT_LIST_CHAR.test(ch)) {
          p += 1;
        } else {
          break;
        }
      }
      run.end = p;
    }
    return run.lastClose >= start ? run.lastClose : -1;
  };
  const found: { index: number; raw: string; inner: string }[] = [];
  for (let i = lower.indexOf('<sup'); i !== -1; ) {
    let end = -1;
    if (!isAsciiWordChar(text[i + 4])) {
      const open = openingEnd(i + 4);
      const close = open === -1 ? -1 : lastCloseFrom(open + 1);
      if (close !== -1) {
        end = close + '</sup>'.length;
        found.push({ index: i, raw: text.slice(i, end), inner: text.slice(open + 1, close) });
      }
    }
    i = lower.indexOf('<sup', end === -1 ? i + 1 : end);
  }
  return found;
}

/** The word that ends `text`, with a closing bracket or quote after it, as `/([\p{L}×][\p{L}'’-]*)[)\]”"’]?$/u` captures it; '' when none. */
function wordAtEnd(text: string): string {
  const chars = Array.from(text);
  let end = chars.length;
  if (/^[)\]”"]$/.test(chars[end - 1] ?? '')) end -= 1;
  let start = end;
  while (start > 0 && /^[\p{L}'’-]$/u.test(chars[start - 1] ?? '')) start -= 1;
  // `×` may open the word but not continue it; otherwise the word opens with its first letter.
  if (chars[start - 1] === '×') start -= 1;
  else while (start < end && !/^\p{L}$/u.test(chars[start] ?? '')) start += 1;
  return chars.slice(start, end).join('');
}

/** A flattened superscript's digits follow three lower-case letters (`diverse3`), or a stop or bracket right after a letter (`morphine.5`). */
function gluedBefore(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 3), start);
  if (/^\p{Ll}{3}$/u.test(before)) return true;
  return /\p{L}[.,;:)\]”’"]$/u.test(before);
}

/** …and end where a word would: at a space, a stop not followed by a digit (`2.5` is a number), a bracket or the end. */
function endsMarker(text: string, end: number): boolean {
  const next = text.charAt(end);
  if (next === '') return true;
  if (next === '.') return !/\d/.test(text.charAt(end + 1));
  return /[\s,;:!?)\]]/.test(next);
}

/** Extends a marker span back over horizontal spaces and a sentence stop written just before it. */
function spanBefore(text: string, markerStart: number): { start: number; moved: string } {
  let i = markerStart;
  while (i > 0 && /[ \t\u00a0]/.test(text[i - 1] ?? '')) i -= 1;
  const prev = text[i - 1] ?? '';
  if (/[.!?]/.test(prev) && !/\.\.$/.test(text.slice(0, i)) && /\p{L}[.!?]$|[)”"’][.!?]$/u.test(text.slice(Math.max(0, i - 2), i))) {
    let j = i - 1;
    while (j > 0 && /[ \t\u00a0]/.test(text[j - 1] ?? '')) j -= 1;
    return { start: j, moved: prev };
  }
  return { start: i, moved: '' };
}

/**
 * Finds the markers in `text` that point at `valid` entry numbers. Markers
 * that name a number outside the list are reported as skipped, not guessed at.
 */
export function findMarkers(text: string, valid: ReadonlySet<number>): MarkerScan {
  const guarded = protectedRanges(text);
  type Candidate = { kind: MarkerKind; numbers: number[]; markStart: number; markEnd: number; raw: string };
  const candidates: Candidate[] = [];
  const skipped: SkippedNumber[] = [];

  const add = (kind: MarkerKind, index: number, whole: string, list: string): void => {
    const markStart = index;
    const markEnd = index + whole.length;
    if (overlaps(guarded, markStart, markEnd)) return;
    const raw = text.slice(markStart, markEnd);
    const numbers = expandNumberList(list);
    if (!numbers) return;
    const outside = numbers.filter((n) => !valid.has(n));
    if (outside.length > 0) {
      skipped.push({ start: markStart, end: markEnd, raw, reason: `names \`${outside.join(', ')}\`, which is not in the reference list` });
      return;
    }
    candidates.push({ kind, numbers, markStart, markEnd, raw });
  };

  // A number may carry Springer's importance bullets: `[8•]`, `[2••]`, `[3•, 4]`.
  const LIST = String.raw`\d{1,3}\s*•*(?:\s*[-–—]\s*\d{1,3}\s*•*)?(?:\s*[,;]\s*\d{1,3}\s*•*(?:\s*[-–—]\s*\d{1,3}\s*•*)?)*`;
  for (const m of text.matchAll(new RegExp(String.raw`(?<![!\\^])\[(${LIST})\](?![(:])`, 'g'))) {
    const before = text.slice(0, m.index);
    // `[text][3]` is a Markdown reference link; `[1][2]` is two markers.
    if (before.endsWith(']') && !new RegExp(String.raw`\[${LIST}\]$`).test(before)) continue;
    if (text[(m.index ?? 0) + m[0].length] === '[' && !new RegExp(String.raw`^\[${LIST}\]`).test(text.slice((m.index ?? 0) + m[0].length))) continue;
    add('bracket', m.index ?? 0, m[0], (m[1] ?? '').replace(/•/g, ''));
  }
  for (const m of superscriptLists(text)) {
    const inner = stripTags(m.inner).replace(/[[\]\s]/g, '');
    const before = text.slice(Math.max(0, m.index - 6), m.index);
    if (UNIT_BEFORE_SUPERSCRIPT.test(before)) {
      skipped.push({ start: m.index, end: m.index + m.raw.length, raw: m.raw, reason: 'follows a unit or a number (a power, not a citation)' });
      continue;
    }
    add('superscript', m.index, m.raw, inner);
  }
  const SUP = `[${SUPERSCRIPT_DIGITS}]`;
  for (const m of text.matchAll(new RegExp(`${SUP}+(?:[,˒⁻–-]${SUP}+)*`, 'g'))) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 6), m.index);
    if (UNIT_BEFORE_SUPERSCRIPT.test(before)) {
      skipped.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, raw: m[0], reason: 'follows a unit or a number (a power, not a citation)' });
      continue;
    }
    add('unicode-superscript', m.index ?? 0, m[0], m[0]);
  }
  // Bare: a word, a space, the number(s), then the sentence stop.
  for (const m of text.matchAll(/(?<=[\p{L})\]”"’])([ \t\u00a0]+)(\d{1,3}(?:[ \t]*[,–—-][ \t]*\d{1,3})*)(?=[.!?](?:\s|$))/gu)) {
    const lead = m[1] ?? '';
    const list = m[2] ?? '';
    const start = (m.index ?? 0) + lead.length;
    const end = start + list.length;
    if (overlaps(guarded, start, end)) continue;
    const word = wordAtEnd(text.slice(Math.max(0, start - 40), start - lead.length));
    const numbers = expandNumberList(list);
    if (!numbers || numbers.some((n) => !valid.has(n))) continue;
    // "treated 3.", "enrolled 40.": after a past-tense verb the number is its object, a count.
    if (QUANTITY_WORDS.has(word.toLowerCase()) || /^\p{Ll}{3,}ed$/u.test(word)) {
      skipped.push({ start, end, raw: list, reason: `follows \`${word}\`, so it reads as a quantity` });
      continue;
    }
    candidates.push({ kind: 'bare', numbers, markStart: start, markEnd: end, raw: list });
  }

  // Flattened superscripts: `diverse3,4`, `morphine.5,6,7,8`, `diseases1` — digits glued to a lower-case word, or to a
  // stop or bracket right after a word. Only list numbers are taken, and only in first-citation order (checked below).
  for (const m of text.matchAll(/\d{1,3}(?:[,–—-]\d{1,3})*/g)) {
    const list = m[0];
    const start = m.index;
    const end = start + list.length;
    if (!gluedBefore(text, start) || !endsMarker(text, end)) continue;
    if (overlaps(guarded, start, end)) continue;
    const numbers = expandNumberList(list);
    if (!numbers) continue;
    const word = wordAtEnd(text.slice(Math.max(0, start - 40), start).replace(/[.,;:]$/, ''));
    if (QUANTITY_WORDS.has(word.toLowerCase())) continue;
    if (numbers.some((n) => !valid.has(n))) continue;
    candidates.push({ kind: 'flattened', numbers, markStart: start, markEnd: end, raw: list });
  }

  candidates.sort((a, b) => a.markStart - b.markStart);
  const markers: Marker[] = [];
  let highest = 0;
  for (const c of candidates) {
    if (c.kind === 'flattened') {
      // New numbers must come next in the list: a first citation of 7 right after 1–4 is a quantity, not a marker.
      const fresh = [...new Set(c.numbers.filter((n) => n > highest))].sort((a, b) => a - b);
      if (fresh.some((n, i) => n !== highest + 1 + i)) {
        skipped.push({ start: c.markStart, end: c.markEnd, raw: c.raw, reason: `is glued to the word before it and does not follow the order of first citations (highest so far \`${highest}\`)` });
        continue;
      }
    }
    if (c.kind === 'bare' && c.numbers.reduce((m, n) => Math.max(m, n), 0) > highest + 3) {
      skipped.push({ start: c.markStart, end: c.markEnd, raw: c.raw, reason: `jumps ahead of the numbers cited so far (highest \`${highest}\`), so it reads as a quantity` });
      continue;
    }
    highest = Math.max(highest, ...c.numbers);
    const previous = markers[markers.length - 1];
    // `[1][2]` and `[1], [2]` are one citation.
    if (previous && /^[\s,]*$/.test(text.slice(previous.end, c.markStart)) && previous.kind !== 'bare') {
      previous.numbers.push(...c.numbers);
      previous.end = c.markEnd;
      previous.raw = text.slice(previous.start, c.markEnd).trim();
      continue;
    }
    const { start, moved } = c.kind === 'bare' ? { start: c.markStart, moved: '' } : spanBefore(text, c.markStart);
    let spanStart = start;
    if (c.kind === 'bare') {
      // The spaces before a bare number go with it.
      spanStart = c.markStart;
      while (spanStart > 0 && /[ \t\u00a0]/.test(text[spanStart - 1] ?? '')) spanStart -= 1;
    }
    markers.push({ kind: c.kind, numbers: [...c.numbers], start: spanStart, end: c.markEnd, raw: c.raw, movedPunctuation: moved });
  }
  skipped.sort((a, b) => a.start - b.start);
  return { markers, skipped };
}

/** Replaces each marker with a pandoc citation placed before the sentence stop: `process 2.` → `process [@key].` */
export function applyMarkers(text: string, markers: readonly Marker[], keysFor: (n: number) => string | undefined): string {
  let out = '';
  let last = 0;
  for (const marker of [...markers].sort((a, b) => a.start - b.start)) {
    const keys = [...new Set(marker.numbers.map(keysFor).filter((k): k is string => k !== undefined))];
    if (keys.length === 0) continue;
    out += text.slice(last, marker.start);
    out += ` [${keys.map((k) => `@${k}`).join('; ')}]${marker.movedPunctuation}`;
    last = marker.end;
  }
  return out + text.slice(last);
}
