/**
 * Numbered citation markers in article prose: `[3]`, `[3, 5]`, `[3–5]`,
 * `<sup>3</sup>`, `³`, `¹˒³`, and bare numbers glued to the end of a sentence
 * ("… wind-up process 2."). Bare numbers are the risky kind, so one is read
 * as a marker only when it is a valid entry number, the word before it is not
 * a quantity word ("for 4-6.", "1 in 5.", "aged 45."), and it does not jump far
 * ahead of the numbers cited so far (numbered lists are cited in order).
 */

export type MarkerKind = 'bracket' | 'superscript' | 'unicode-superscript' | 'bare';

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
  for (const part of normal.split(/\s*[,;]\s*/)) {
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

/** Spans where numbers are never markers: code, URLs, Markdown link targets and definitions. */
function protectedRanges(text: string): Range[] {
  const ranges: Range[] = [];
  const patterns = [
    /^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm,
    /`[^`\n]+`/g,
    /\bhttps?:\/\/[^\s)>\]]+/g,
    /\]\([^)\s]*\)/g,
    /^\s{0,3}\[[^\]\n]+\]:.*$/gm,
  ];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) ranges.push({ start: m.index, end: m.index + m[0].length });
  }
  return ranges;
}

function overlaps(ranges: Range[], start: number, end: number): boolean {
  return ranges.some((r) => start < r.end && end > r.start);
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

  const add = (kind: MarkerKind, m: RegExpMatchArray, list: string, startOffset = 0): void => {
    const markStart = (m.index ?? 0) + startOffset;
    const markEnd = (m.index ?? 0) + m[0].length;
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

  const LIST = String.raw`\d{1,3}(?:\s*[-–—]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–—]\s*\d{1,3})?)*`;
  for (const m of text.matchAll(new RegExp(String.raw`(?<![!\\^])\[(${LIST})\](?![(:])`, 'g'))) {
    const before = text.slice(0, m.index);
    // `[text][3]` is a Markdown reference link; `[1][2]` is two markers.
    if (before.endsWith(']') && !new RegExp(String.raw`\[${LIST}\]$`).test(before)) continue;
    if (text[(m.index ?? 0) + m[0].length] === '[' && !new RegExp(String.raw`^\[${LIST}\]`).test(text.slice((m.index ?? 0) + m[0].length))) continue;
    add('bracket', m, m[1] ?? '');
  }
  for (const m of text.matchAll(/<sup\b[^>]*>((?:\s|<[^>]+>|[\d,;–—\-[\]])*)<\/sup>/gi)) {
    const inner = (m[1] ?? '').replace(/<[^>]+>/g, '').replace(/[[\]\s]/g, '');
    const before = text.slice(Math.max(0, (m.index ?? 0) - 6), m.index);
    if (UNIT_BEFORE_SUPERSCRIPT.test(before)) {
      skipped.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, raw: m[0], reason: 'follows a unit or a number (a power, not a citation)' });
      continue;
    }
    add('superscript', m, inner);
  }
  const SUP = `[${SUPERSCRIPT_DIGITS}]`;
  for (const m of text.matchAll(new RegExp(`${SUP}+(?:[,˒⁻–-]${SUP}+)*`, 'g'))) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 6), m.index);
    if (UNIT_BEFORE_SUPERSCRIPT.test(before)) {
      skipped.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, raw: m[0], reason: 'follows a unit or a number (a power, not a citation)' });
      continue;
    }
    add('unicode-superscript', m, m[0]);
  }
  // Bare: a word, a space, the number(s), then the sentence stop.
  for (const m of text.matchAll(/(?<=[\p{L})\]”"’])([ \t\u00a0]+)(\d{1,3}(?:[ \t]*[,–—-][ \t]*\d{1,3})*)(?=[.!?](?:\s|$))/gu)) {
    const lead = m[1] ?? '';
    const list = m[2] ?? '';
    const start = (m.index ?? 0) + lead.length;
    const end = start + list.length;
    if (overlaps(guarded, start, end)) continue;
    const word = /([\p{L}×][\p{L}'’-]*)[)\]”"’]?$/u.exec(text.slice(Math.max(0, start - 40), start - lead.length))?.[1] ?? '';
    const numbers = expandNumberList(list);
    if (!numbers || numbers.some((n) => !valid.has(n))) continue;
    // "treated 3.", "enrolled 40.": after a past-tense verb the number is its object, a count.
    if (QUANTITY_WORDS.has(word.toLowerCase()) || /^\p{Ll}{3,}ed$/u.test(word)) {
      skipped.push({ start, end, raw: list, reason: `follows \`${word}\`, so it reads as a quantity` });
      continue;
    }
    candidates.push({ kind: 'bare', numbers, markStart: start, markEnd: end, raw: list });
  }

  candidates.sort((a, b) => a.markStart - b.markStart);
  const markers: Marker[] = [];
  let highest = 0;
  for (const c of candidates) {
    if (c.kind === 'bare' && Math.max(...c.numbers) > highest + 3) {
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
    const spanStart = c.kind === 'bare' ? c.markStart - (/[ \t\u00a0]+$/.exec(text.slice(0, c.markStart))?.[0].length ?? 0) : start;
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
