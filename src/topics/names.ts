/**
 * Where prose names an organisation or a journal (`American Society of
 * Regional Anesthesia and Pain Medicine`, `Canadian Pain Society`,
 * `Journal of Pain Research`): words inside such a name are not what the
 * text is about, so the tagger sets their topics aside.
 */
import type { Token } from './text.js';

/** The words that make a capitalised phrase a name. */
const NAME_HEADS = new Set(
  'society societies association academy college institute institutes foundation federation council organization organisation agency committee board consortium alliance coalition journal annals archives proceedings department center centre university hospital school ministry commission collaboration taskforce network'.split(' '),
);
const JOINERS = new Set(['of', 'for', 'on', 'in']);
const FUNCTION_WORDS = new Set(['of', 'for', 'on', 'in', 'and', 'the', 'a', 'an', 'to', 'from', 'with', 'by', 'at']);
const MAX_BEFORE = 4;

function capitalised(token: Token): boolean {
  const first = token.raw.charCodeAt(0);
  return (first >= 65 && first <= 90) || (first > 127 && token.raw[0] !== token.raw[0]!.toLowerCase());
}

/** The text between two tokens is only white space (or ` & `, which joins names as `and` does). */
function joinedBy(text: string, left: Token, right: Token): 'space' | 'and' | 'other' {
  const gap = text.slice(left.end, right.start);
  if (/^\s+$/.test(gap)) return 'space';
  if (/^\s*&\s*$/.test(gap)) return 'and';
  return 'other';
}

/** Token index ranges [from, to) that spell an organisation's or a journal's name. */
export function nameRanges(text: string, tokens: readonly Token[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const head = tokens[i]!;
    if (!capitalised(head) || !NAME_HEADS.has(head.raw.toLowerCase())) continue;
    let from = i;
    while (from > 0 && i - from < MAX_BEFORE) {
      const prev = tokens[from - 1]!;
      if (!capitalised(prev) || FUNCTION_WORDS.has(prev.raw.toLowerCase()) || joinedBy(text, prev, tokens[from]!) !== 'space') break;
      from--;
    }
    let to = i + 1;
    // `… Society of Regional Anesthesia and Pain Medicine`: a joiner, then capitalised words joined by `and`/`&`.
    if (to + 1 < tokens.length && JOINERS.has(tokens[to]!.raw.toLowerCase()) && joinedBy(text, tokens[to - 1]!, tokens[to]!) === 'space') {
      let j = to + 1;
      if (j < tokens.length && tokens[j]!.raw.toLowerCase() === 'the') j++;
      let end = to;
      while (j < tokens.length && capitalised(tokens[j]!) && !FUNCTION_WORDS.has(tokens[j]!.raw.toLowerCase()) && joinedBy(text, tokens[j - 1]!, tokens[j]!) !== 'other') {
        end = j + 1;
        const next = tokens[j + 1];
        if (next && (next.raw.toLowerCase() === 'and' || joinedBy(text, tokens[j]!, next) === 'and')) {
          j += next.raw.toLowerCase() === 'and' ? 2 : 1;
          continue;
        }
        j++;
      }
      if (end > to) to = end;
    }
    // A lone capitalised word (`Pain Clinic` at the start of a sentence) is a name only with the head.
    if (to - from >= 2) ranges.push([from, to]);
    i = to - 1;
  }
  return ranges;
}
