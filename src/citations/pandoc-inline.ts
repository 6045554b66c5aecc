/**
 * The inline constructs of pandoc's Markdown (default extensions, as in
 * pandoc 2.17) that decide where a citation can be, and that CommonMark and
 * GFM lack:
 *
 * - `tex_math_dollars`: `$…$` (the opening `$` followed by a non-space, the
 *   closing one preceded by a non-space and not followed by a digit, so
 *   `$5 to $10` is text) and `$$…$$`. micromark-extension-math reads `$…$`
 *   as code spans are read, without these rules, and would turn the prices in
 *   health articles into math; and its module loads KaTeX. So this scanner.
 * - `raw_tex`: `\command`, its `[…]` and `{…}` arguments, and
 *   `\begin{env}…\end{env}`.
 * - `inline_notes`: `^[…]`, whose content is inline Markdown (citations
 *   included) and ends at the matching bracket; brackets inside code, math,
 *   raw HTML and raw TeX do not count, as in pandoc.
 *
 * None of them holds a citation: an `@` inside math or raw TeX is not one,
 * and a note's content is parsed as its own text (citations in it are in a
 * note). `spanEnd` lets the citation scanner step over them, and over
 * character references, raw HTML and autolinks, the way pandoc's inline
 * parser steps over them inside a citation's prefix or suffix.
 */
import { autolink, characterReference, htmlText } from 'micromark-core-commonmark';
import { asciiAlpha, markdownLineEnding, markdownLineEndingOrSpace, markdownSpace } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';
import type { Code, Construct, Effects, Extension, State, Token, TokenizeContext } from 'micromark-util-types';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mathText: 'mathText';
    mathTextSequence: 'mathTextSequence';
    mathTextData: 'mathTextData';
    rawTex: 'rawTex';
    rawTexData: 'rawTexData';
    inlineNote: 'inlineNote';
    inlineNoteMarker: 'inlineNoteMarker';
    inlineNoteText: 'inlineNoteText';
  }
}

function isDigit(code: Code): boolean {
  return code !== null && code >= codes.digit0 && code <= codes.digit9;
}

/** Consumes a line ending in its own token, as micromark wants inside text constructs. */
function lineEnding(effects: Effects, code: Code): void {
  effects.enter('lineEnding');
  effects.consume(code);
  effects.exit('lineEnding');
}

// ---------------------------------------------------------------------------
// Math.

export const texMath: Construct = { name: 'pandocTexMath', tokenize: tokenizeTexMath };

function tokenizeTexMath(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let dataOpen = false;
  return start;

  function data(code: Code): void {
    if (markdownLineEnding(code)) {
      closeData();
      lineEnding(effects, code);
      return;
    }
    if (!dataOpen) {
      effects.enter('mathTextData');
      dataOpen = true;
    }
    effects.consume(code);
  }

  function closeData(): void {
    if (dataOpen) effects.exit('mathTextData');
    dataOpen = false;
  }

  function start(code: Code): State | undefined {
    if (code !== codes.dollarSign) return nok(code);
    effects.enter('mathText');
    effects.enter('mathTextSequence');
    effects.consume(code);
    return afterDollar;
  }

  function afterDollar(code: Code): State | undefined {
    if (code === codes.dollarSign) {
      effects.consume(code);
      effects.exit('mathTextSequence');
      return displayFirst;
    }
    effects.exit('mathTextSequence');
    if (code === null || markdownLineEndingOrSpace(code)) return nok(code);
    return inline(code);
  }

  // `$…$`
  function inline(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (code === codes.backslash) {
      data(code);
      return inlineEscaped;
    }
    if (code === codes.dollarSign) {
      closeData();
      effects.enter('mathTextSequence');
      effects.consume(code);
      effects.exit('mathTextSequence');
      return inlineClosed;
    }
    if (markdownLineEndingOrSpace(code)) return whitespace(code);
    data(code);
    return inline;
  }

  function inlineEscaped(code: Code): State | undefined {
    if (code === null) return nok(code);
    data(code);
    return inline;
  }

  function whitespace(code: Code): State | undefined {
    if (markdownLineEndingOrSpace(code)) {
      data(code);
      return whitespace;
    }
    // A closing `$` right after white space does not close: `$5 to $10`.
    if (code === codes.dollarSign || code === null) return nok(code);
    return inline(code);
  }

  function inlineClosed(code: Code): State | undefined {
    if (isDigit(code)) return nok(code);
    effects.exit('mathText');
    return ok(code);
  }

  // `$$…$$`
  function displayFirst(code: Code): State | undefined {
    if (code === null || code === codes.dollarSign) return nok(code);
    return display(code);
  }

  function display(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (code === codes.dollarSign) return effects.check(doubleDollar, displayClose, displayDollar)(code);
    data(code);
    return display;
  }

  function displayDollar(code: Code): State | undefined {
    data(code);
    return display;
  }

  function displayClose(code: Code): State | undefined {
    closeData();
    effects.enter('mathTextSequence');
    effects.consume(code);
    return displaySecond;
  }

  function displaySecond(code: Code): State | undefined {
    effects.consume(code);
    effects.exit('mathTextSequence');
    effects.exit('mathText');
    return ok;
  }
}

const doubleDollar: Construct = {
  partial: true,
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let seen = 0;
    return function dollar(code: Code): State | undefined {
      if (code !== codes.dollarSign) return nok(code);
      if (seen === 0) effects.enter('mathTextSequence');
      effects.consume(code);
      if (++seen < 2) return dollar;
      effects.exit('mathTextSequence');
      return ok;
    };
  },
};

// ---------------------------------------------------------------------------
// Raw TeX.

export const rawTex: Construct = { name: 'pandocRawTex', tokenize: tokenizeRawTex };
const texGroup: Construct = { tokenize: tokenizeTexGroup, partial: true };

/** Characters a TeX group may span; a group longer than this is not read as one. */
const maxTexGroupLength = 10_000;

function tokenizeRawTex(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let name = '';
  let environment = '';
  let endMatch = 0;
  let hasArgument = false;
  /** A `{…}` argument was read: only another `{…}` right after it belongs to the command, as in pandoc. */
  let braced = false;
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
  const self = this;
  const afterLineEnding = (next: State): State => rawTexAfterLineEnding(effects, nok, next);
  return start;

  function start(code: Code): State | undefined {
    if (code !== codes.backslash) return nok(code);
    effects.enter('rawTex');
    effects.enter('rawTexData');
    effects.consume(code);
    return first;
  }

  function first(code: Code): State | undefined {
    if (!asciiAlpha(code)) return nok(code);
    return command(code);
  }

  function command(code: Code): State | undefined {
    if (asciiAlpha(code)) {
      name += String.fromCharCode(code as number);
      effects.consume(code);
      return command;
    }
    return spaces(code);
  }

  // As in pandoc, spaces after a bare command are its own (`\\foo  bar`); after an argument, only when another
  // argument follows them (`\\emph{x} y`: the space is text).
  // `\\foo [x] {y}{z}`: spaces and `[…]` options before the first `{…}`, then `{…}` groups back to back
  // (`\\foo{x}[y]` and `\\foo{x} {y}` end at the `}`).
  function spaces(code: Code): State | undefined {
    if (braced) return code === codes.leftCurlyBrace ? effects.attempt(texGroup, afterGroup, done)(code) : done(code);
    if (markdownSpace(code) && !hasArgument) {
      effects.consume(code);
      return spaces;
    }
    if (markdownSpace(code)) return effects.attempt(spacedTexGroup, afterGroup, done)(code);
    if (code === codes.leftCurlyBrace || code === codes.leftSquareBracket) return effects.attempt(texGroup, afterGroup, done)(code);
    return done(code);
  }

  function afterGroup(code: Code): State | undefined {
    hasArgument = true;
    if (self.previous === codes.rightCurlyBrace) braced = true;
    if (name === 'begin' && environment === '') {
      environment = '\\end{' + lastGroup + '}';
      return environmentBody(code);
    }
    return spaces(code);
  }

  // `\begin{env}` … `\end{env}`: everything up to the matching end is raw.
  function environmentBody(code: Code): State | undefined {
    // An environment that is never ended is not read as one.
    if (code === null) return nok(code);
    if (markdownLineEnding(code)) {
      effects.exit('rawTexData');
      lineEnding(effects, code);
      endMatch = 0;
      return afterLineEnding(environmentBody);
    }
    endMatch = code === environment.charCodeAt(endMatch) ? endMatch + 1 : code === environment.charCodeAt(0) ? 1 : 0;
    effects.consume(code);
    if (endMatch === environment.length) return done;
    return environmentBody;
  }

  function done(code: Code): State | undefined {
    effects.exit('rawTexData');
    effects.exit('rawTex');
    return ok(code);
  }
}

/**
 * After a line ending inside raw TeX, the data token opens again at the next
 * character, not at once: micromark knows where that character is in its
 * chunks only when it hands it over (a token entered earlier has no valid
 * start, and its text is sliced wrong).
 */
function rawTexAfterLineEnding(effects: Effects, nok: State, next: State): State {
  return function afterLineEnding(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (markdownLineEnding(code)) {
      lineEnding(effects, code);
      return afterLineEnding;
    }
    effects.enter('rawTexData');
    return next(code);
  };
}

/** Spaces, then a TeX group. */
const spacedTexGroup: Construct = {
  partial: true,
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
    const self = this;
    return function spacesBefore(code: Code): State | undefined {
      if (markdownSpace(code)) {
        effects.consume(code);
        return spacesBefore;
      }
      if (code !== codes.leftCurlyBrace && code !== codes.leftSquareBracket) return nok(code);
      return tokenizeTexGroup.call(self, effects, ok, nok)(code);
    };
  },
};

/** The text of the last group `texGroup` read (without its brackets), for `\begin{…}`. */
let lastGroup = '';

/** `{…}` with balanced braces, or `[…]` with balanced brackets; `\` escapes the next character. */
function tokenizeTexGroup(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let open: Code = null;
  let close: Code = null;
  let depth = 0;
  let length = 0;
  let text = '';
  const afterLineEnding = (next: State): State => rawTexAfterLineEnding(effects, nok, next);
  return start;

  function start(code: Code): State | undefined {
    open = code;
    close = code === codes.leftCurlyBrace ? codes.rightCurlyBrace : codes.rightSquareBracket;
    effects.consume(code);
    depth = 1;
    return inside;
  }

  function inside(code: Code): State | undefined {
    if (code === null || ++length > maxTexGroupLength) return nok(code);
    if (markdownLineEnding(code)) {
      effects.exit('rawTexData');
      lineEnding(effects, code);
      return afterLineEnding(inside);
    }
    if (code === codes.backslash) {
      effects.consume(code);
      text += '\\';
      return escaped;
    }
    if (code === open) depth++;
    if (code === close && --depth === 0) {
      effects.consume(code);
      lastGroup = text;
      return ok;
    }
    if (text.length < 100) text += String.fromCharCode(code);
    effects.consume(code);
    return inside;
  }

  function escaped(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return inside(code);
    effects.consume(code);
    return inside;
  }
}

// ---------------------------------------------------------------------------
// Inline notes.

export const inlineNote: Construct = { name: 'pandocInlineNote', tokenize: tokenizeInlineNote };

function tokenizeInlineNote(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
  const self = this;
  const skip = spanSkipper(self, effects);
  let depth = 1;
  let chunk: Token | undefined;
  let lineStart = true;
  return start;

  function start(code: Code): State | undefined {
    if (code !== codes.caret) return nok(code);
    effects.enter('inlineNote');
    effects.enter('inlineNoteMarker');
    effects.consume(code);
    return bracket;
  }

  function bracket(code: Code): State | undefined {
    if (code !== codes.leftSquareBracket) return nok(code);
    effects.consume(code);
    effects.exit('inlineNoteMarker');
    return content;
  }

  /** Content goes into linked chunks, one a line, that micromark parses as text afterwards. */
  function take(code: Code): void {
    if (lineStart) {
      const token = effects.enter('inlineNoteText', { contentType: 'text', previous: chunk });
      if (chunk) chunk.next = token;
      chunk = token;
      lineStart = false;
    }
    effects.consume(code);
    if (markdownLineEnding(code)) {
      effects.exit('inlineNoteText');
      lineStart = true;
    }
  }

  function content(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (code === codes.rightSquareBracket && depth === 1) {
      if (!lineStart) effects.exit('inlineNoteText');
      effects.enter('inlineNoteMarker');
      effects.consume(code);
      effects.exit('inlineNoteMarker');
      effects.exit('inlineNote');
      return ok;
    }
    if (code === codes.leftSquareBracket) depth++;
    if (code === codes.rightSquareBracket) depth--;
    if (skip.starts(code)) return skip.attempt(take, content, code === codes.backslash ? escaped : content)(code);
    take(code);
    return content;
  }

  function escaped(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return content(code);
    take(code);
    return content;
  }
}

// ---------------------------------------------------------------------------
// Stepping over spans.

/**
 * Where each span construct ends when it starts at an offset (-1: it does not
 * match there), per parse. Spans nest (a note holds math, raw HTML, other
 * notes) and an unclosed one is read to the end of its paragraph, so without
 * this every `^[`, `$` or `<` in an unclosed note is read again for each note
 * around it: `^[^[^[…` took time exponential in its length. A span's outcome
 * depends only on the text from where it starts, so it is read once.
 */
const spanEnds = new WeakMap<object, Map<Construct, Map<number, number>>>();

function spanMemo(self: TokenizeContext, construct: Construct): Map<number, number> {
  let byConstruct = spanEnds.get(self.parser);
  if (!byConstruct) spanEnds.set(self.parser, (byConstruct = new Map<Construct, Map<number, number>>()));
  let ends = byConstruct.get(construct);
  if (!ends) byConstruct.set(construct, (ends = new Map<number, number>()));
  return ends;
}

/** `inner`, remembering where it ends from each offset; a start known not to match fails at once. */
function remembered(inner: Construct): Construct {
  return {
    ...inner,
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
      const self = this;
      const ends = spanMemo(self, inner);
      const start = self.now().offset;
      if (ends.get(start) === -1) return nok;
      return inner.tokenize.call(
        self,
        effects,
        (code: Code) => {
          ends.set(start, self.now().offset);
          return ok(code);
        },
        (code: Code) => {
          ends.set(start, -1);
          return nok(code);
        },
      );
    },
  };
}

/** A construct that, run through `effects.check`, records where `inner` would end (from memory when it was read there before). */
function measured(inner: Construct, box: { end: number }): Construct {
  return {
    partial: true,
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
      const self = this;
      const ends = spanMemo(self, inner);
      const start = self.now().offset;
      const known = ends.get(start);
      if (known !== undefined) {
        box.end = known;
        return known === -1 ? nok : ok;
      }
      return inner.tokenize.call(
        self,
        effects,
        (code: Code) => {
          box.end = self.now().offset;
          ends.set(start, box.end);
          return ok(code);
        },
        (code: Code) => {
          ends.set(start, -1);
          return nok(code);
        },
      );
    },
  };
}

export interface SpanSkipper {
  /** Whether a span this skipper knows may start at `code`. */
  starts(code: Code): boolean;
  /** Steps over the span starting here, handing each code to `take`, then goes on with `next`; `next` too when there is none. */
  attempt(take: (code: Code) => void, next: State, fail?: State): State;
}

const spanStarts = new Set<number>([codes.ampersand, codes.lessThan, codes.dollarSign, codes.backslash, codes.caret, codes.graveAccent]);

/**
 * Steps over the inline spans pandoc reads as one piece inside brackets:
 * code, character references, raw HTML, autolinks, math, raw TeX and inline
 * notes. Each is recognised by its construct (micromark's own where
 * CommonMark has it) run as a check, and its characters are then handed to
 * `take` as plain text.
 */
export function spanSkipper(self: TokenizeContext, effects: Effects, codeSpan?: Construct): SpanSkipper {
  const box = { end: -1 };
  const reference = measured(characterReference, box);
  const html = measured(htmlText, box);
  const auto = measured(autolink, box);
  const math = measured(texMath, box);
  const tex = measured(rawTex, box);
  const note = measured(inlineNote, box);
  const code = codeSpan ? measured(codeSpan, box) : undefined;
  return {
    starts: (c) => c !== null && spanStarts.has(c),
    attempt(take, next, fail = next) {
      const consume = (c: Code): State | undefined => {
        if (c === null || self.now().offset >= box.end) return next(c);
        take(c);
        return consume;
      };
      return (c: Code) => {
        const candidates: Construct[] = [];
        if (c === codes.ampersand) candidates.push(reference);
        else if (c === codes.lessThan) candidates.push(html, auto);
        else if (c === codes.dollarSign) candidates.push(math);
        else if (c === codes.backslash) candidates.push(tex);
        else if (c === codes.caret) candidates.push(note);
        else if (c === codes.graveAccent && code) candidates.push(code);
        box.end = -1;
        return effects.check(candidates, consume, fallback)(c);
        function fallback(c2: Code): State | undefined {
          take(c2);
          return fail;
        }
      };
    },
  };
}

const rememberedMath = remembered(texMath);
const rememberedTex = remembered(rawTex);
const rememberedNote = remembered(inlineNote);

/** The micromark extension: math, raw TeX and inline notes in text. */
export function pandocInlineSyntax(): Extension {
  return {
    text: {
      [codes.dollarSign]: rememberedMath,
      [codes.backslash]: rememberedTex,
      [codes.caret]: rememberedNote,
    },
  };
}
