/**
 * micromark syntax extension for pandoc citations.
 *
 * Two text constructs:
 * - at `[`: a bracketed citation list `[see @a, p. 3; -@b]`, or a malformed one;
 * - at `@`: an in-text citation `@key`, optionally followed by a bracketed
 *   locator/suffix (`@key [p. 33]`) or a further citation list (`@key [@b]`).
 *
 * The grammar follows pandoc's markdown reader (checked against pandoc 2.17):
 * - a key starts with a letter, digit, `_` (or `*`), continues with letters,
 *   digits and `_`, and may contain `:.#$%&-+?<>~/` only when a letter, digit
 *   or `_` follows (and `:`/`/` when `/` follows); so trailing punctuation is
 *   not part of the key. `@{…}` takes any non-space characters, braces balanced.
 * - an `@` (or the `-` of `-@`) right after a letter, digit or `.` is not a
 *   citation (`me@x.org`).
 * - a bracketed list is `[`, items separated by `;`, `]`, where every item has
 *   exactly one key; a `]` directly followed by `(`, `[` or `{` is a link,
 *   reference or span instead, and `[^` is a footnote.
 * - after an in-text key, optional spaces and at most one line ending, then
 *   either a citation list (merged into the same citation) or a bracket whose
 *   first part has no key (the suffix), not followed by `(` or `[`.
 *
 * Deliberate limits, so that parsing stays linear on hostile input:
 * a bracket nested deeper than {@link maxBracketDepth} inside a candidate
 * citation, and a braced key longer than {@link maxBracedKeyLength}, end the
 * attempt (the text stays text). A key inside a nested bracket, or a second
 * key in one item (both of which pandoc reads as a citation nested inside
 * another's prefix or suffix), makes the outer bracket plain text and the
 * inner keys separate citations.
 */
import { definition } from 'micromark-core-commonmark';
import { codes } from 'micromark-util-symbol';
import { markdownLineEnding, markdownSpace, markdownLineEndingOrSpace } from 'micromark-util-character';
import { spanSkipper } from './pandoc-inline.js';
import type {
  Code,
  Construct,
  Effects,
  Extension,
  ParseContext,
  State,
  TokenizeContext,
  TokenType,
} from 'micromark-util-types';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    citationBracketed: 'citationBracketed';
    citationInText: 'citationInText';
    citationKey: 'citationKey';
    citationMarker: 'citationMarker';
    citationSeparator: 'citationSeparator';
    citationData: 'citationData';
    citationMalformedEmptyKey: 'citationMalformedEmptyKey';
    citationMalformedSpaceAfterAt: 'citationMalformedSpaceAfterAt';
    citationMalformedIllegalCharacter: 'citationMalformedIllegalCharacter';
    citationMalformedUnclosed: 'citationMalformedUnclosed';
  }
}

export const maxBracketDepth = 32;
export const maxBracedKeyLength = 1000;

/** Reason ids carried by `malformedCitation` nodes. */
export type MalformedReason = 'empty-key' | 'space-after-at' | 'illegal-character' | 'unclosed';

export const malformedTokenReasons: Readonly<Record<string, MalformedReason>> = {
  citationMalformedEmptyKey: 'empty-key',
  citationMalformedSpaceAfterAt: 'space-after-at',
  citationMalformedIllegalCharacter: 'illegal-character',
  citationMalformedUnclosed: 'unclosed',
};

const reasonTokens: Readonly<Record<Exclude<MalformedReason, 'unclosed'>, TokenType>> = {
  'empty-key': 'citationMalformedEmptyKey',
  'space-after-at': 'citationMalformedSpaceAfterAt',
  'illegal-character': 'citationMalformedIllegalCharacter',
};

const alphanumeric = /^[\p{L}\p{N}]$/u;

function isAlphanumeric(code: Code): boolean {
  if (code === null || code < 0) return false;
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  }
  return alphanumeric.test(String.fromCharCode(code));
}

/** Letters, digits and `_`: the characters a key is made of. */
function isKeyChar(code: Code): boolean {
  return code === codes.underscore || isAlphanumeric(code);
}

/** micromark hands over UTF-16 units: a letter outside the BMP (`𝔘`, `𠀀`) comes as a surrogate pair. */
function isHighSurrogate(code: Code): boolean {
  return code !== null && code >= 0xd800 && code <= 0xdbff;
}

/** A surrogate pair that is a letter or a digit: a key character outside the BMP. */
const astralKeyChar: Construct = {
  partial: true,
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let high = 0;
    return function first(code: Code): State | undefined {
      if (!isHighSurrogate(code)) return nok(code);
      high = code as number;
      effects.consume(code);
      return second;
    };
    function second(code: Code): State | undefined {
      if (code === null || code < 0xdc00 || code > 0xdfff) return nok(code);
      const point = ((high - 0xd800) << 10) + (code - 0xdc00) + 0x10000;
      if (!alphanumeric.test(String.fromCodePoint(point))) return nok(code);
      effects.consume(code);
      return ok;
    }
  },
};

const internalPunctuation = new Set<number>(':.#$%&-+?<>~/'.split('').map((c) => c.charCodeAt(0)));

/** pandoc's `notAfterString`: a key cannot start right after a word character or `.`. */
function endsWord(code: Code): boolean {
  return code === codes.dot || isAlphanumeric(code);
}

/**
 * Consumes text inside a citation construct. micromark wants every code inside a token it can
 * see as open, and a line ending in its own `lineEnding` token (used to map text spanning lines
 * back onto the chunks of containers such as block quotes), so runs of text go into
 * `citationData` tokens that are closed before any other token starts.
 */
class TextRun {
  private open = false;
  constructor(private readonly effects: Effects) {}

  consume(code: Code): void {
    if (markdownLineEnding(code)) {
      this.close();
      this.effects.enter('lineEnding');
      this.effects.consume(code);
      this.effects.exit('lineEnding');
      return;
    }
    if (!this.open) {
      this.effects.enter('citationData');
      this.open = true;
    }
    this.effects.consume(code);
  }

  close(): void {
    if (this.open) {
      this.effects.exit('citationData');
      this.open = false;
    }
  }
}

// ---------------------------------------------------------------------------
// Keys: `@key`, `-@key`, `@{key}`.

const keyConstruct: Construct = { name: 'citationKey', tokenize: tokenizeKey, partial: true };
const keyFollowerConstruct: Construct = { tokenize: tokenizeKeyFollower, partial: true };

function tokenizeKey(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let braceDepth = 0;
  let bracedLength = 0;
  return start;

  function start(code: Code): State | undefined {
    effects.enter('citationKey');
    if (code === codes.dash) {
      effects.consume(code);
      return at;
    }
    return at(code);
  }

  function at(code: Code): State | undefined {
    if (code !== codes.atSign) return nok(code);
    effects.consume(code);
    return first;
  }

  function first(code: Code): State | undefined {
    if (code === codes.leftCurlyBrace) {
      effects.consume(code);
      braceDepth = 1;
      return braced;
    }
    if (isKeyChar(code) || code === codes.asterisk) {
      effects.consume(code);
      return rest;
    }
    if (isHighSurrogate(code)) return effects.attempt(astralKeyChar, rest, nok)(code);
    return nok(code);
  }

  function rest(code: Code): State | undefined {
    if (isKeyChar(code)) {
      effects.consume(code);
      return rest;
    }
    if (isHighSurrogate(code)) return effects.attempt(astralKeyChar, rest, done)(code);
    if (code !== null && internalPunctuation.has(code)) {
      return effects.check(keyFollowerConstruct, punctuation, done)(code);
    }
    return done(code);
  }

  function punctuation(code: Code): State | undefined {
    effects.consume(code);
    return rest;
  }

  function braced(code: Code): State | undefined {
    if (code === null || markdownLineEndingOrSpace(code) || ++bracedLength > maxBracedKeyLength) {
      return nok(code);
    }
    if (code === codes.leftCurlyBrace) braceDepth++;
    if (code === codes.rightCurlyBrace) braceDepth--;
    effects.consume(code);
    if (braceDepth === 0) {
      // `@{}` has no key.
      return bracedLength === 1 ? nok : done;
    }
    return braced;
  }

  function done(code: Code): State | undefined {
    effects.exit('citationKey');
    return ok(code);
  }
}

/** Internal punctuation belongs to the key only when a key character (or, after `:`/`/`, a `/`) follows. */
function tokenizeKeyFollower(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let mark: Code = null;
  return start;

  function start(code: Code): State | undefined {
    mark = code;
    effects.enter('citationKey');
    effects.consume(code);
    return after;
  }

  function after(code: Code): State | undefined {
    if (isKeyChar(code) || (code === codes.slash && (mark === codes.colon || mark === codes.slash))) {
      effects.exit('citationKey');
      return ok(code);
    }
    if (isHighSurrogate(code)) return effects.check(astralKeyChar, followed, nok)(code);
    return nok(code);
  }

  function followed(code: Code): State | undefined {
    effects.exit('citationKey');
    return ok(code);
  }
}

// ---------------------------------------------------------------------------
// Code spans inside a candidate bracket, so `]`, `;` and `@` in them are inert.

interface ParseMemo {
  /** For each backtick run length: a range of offsets known to hold no closing run. */
  unmatchedRuns: Map<number, { from: number; to: number }>;
  /** For each kind of quote or emphasis opener: a range of offsets known to hold no closer. */
  unclosedSpans: Map<string, { from: number; to: number }>;
  /**
   * Offsets where pandoc's last read piece was not a word, though a word character precedes:
   * after an in-text citation (`@a@b`), and after an `@label` read as an example reference
   * (`x@a@b`). An `@` there starts a citation.
   */
  citationEnds: Set<number>;
  /**
   * Offsets of brackets that follow one pandoc read as a shortcut reference (`[x][@a]`): it looks
   * ahead for a citation there, and such a bracket is then a citation whatever follows it.
   */
  citationsAfterReference: Set<number>;
  /**
   * Broken items (`@ b`, `@{b x}`) of brackets that are not citations because of them but hold
   * a key: by the offset of the item's `@`, where it ends and why it is broken. pandoc reads such
   * a bracket as text, its keys as in-text citations; the broken item alone is malformed.
   */
  brokenItems: Map<number, { end: number; reason: Exclude<MalformedReason, 'unclosed'> }>;
  /** Offsets of each `@` inside a note marker `[^label]` (no white space in the label): pandoc reads the marker whole, as text when the note is not defined. */
  noteMarkerAts: Set<number>;
}

const memos = new WeakMap<ParseContext, ParseMemo>();

function memoFor(context: TokenizeContext): ParseMemo {
  let memo = memos.get(context.parser);
  if (!memo) {
    memo = { unmatchedRuns: new Map(), unclosedSpans: new Map(), citationEnds: new Set(), citationsAfterReference: new Set(), brokenItems: new Map(), noteMarkerAts: new Set() };
    memos.set(context.parser, memo);
  }
  return memo;
}

const codeSpanConstruct: Construct = { tokenize: tokenizeCodeSpan, partial: true };

function tokenizeCodeSpan(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
  const self = this;
  const memo = memoFor(self);
  const from = self.now().offset;
  const run = new TextRun(effects);
  let size = 0;
  let closing = 0;
  return opening;

  function opening(code: Code): State | undefined {
    if (code === codes.graveAccent) {
      size++;
      run.consume(code);
      return opening;
    }
    const known = memo.unmatchedRuns.get(size);
    // A run with no closer up to the paragraph's end: every later run of this size in it has none either.
    if (known && known.from <= from && from < known.to) return nok(code);
    return inside(code);
  }

  function inside(code: Code): State | undefined {
    if (code === null) {
      memo.unmatchedRuns.set(size, { from, to: self.now().offset });
      return nok(code);
    }
    if (code === codes.graveAccent) {
      closing = 0;
      return closingRun(code);
    }
    run.consume(code);
    return inside;
  }

  function closingRun(code: Code): State | undefined {
    if (code === codes.graveAccent) {
      closing++;
      run.consume(code);
      return closingRun;
    }
    if (closing !== size) return inside(code);
    run.close();
    return ok(code);
  }
}

// ---------------------------------------------------------------------------
// Quotes and emphasis inside a candidate bracket. pandoc reads a citation's
// prefix and suffix as inline Markdown, so a `;` or `]` inside `"…"`, `'…'`,
// `*…*` or `_…_` does not end the item or the bracket. An emphasis opener
// with no closer takes the rest of the paragraph in pandoc, bracket included.

const doubleClosers = new Set<number>([codes.quotationMark, 0x201d]);
const singleClosers = new Set<number>([codes.apostrophe, 0x2019]);

/** Where quotes or emphasis open: `"`, `“`, `'`, `‘`, `*`, `_`. */
function opensSpan(code: Code): boolean {
  return code === codes.quotationMark || code === 0x201c || code === codes.apostrophe || code === 0x2018 || code === codes.asterisk || code === codes.underscore;
}

function delimitedSpan(outcome: { unclosed: boolean }): Construct {
  return {
    partial: true,
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
      const self = this;
      const memo = memoFor(self);
      const run = new TextRun(effects);
      const from = self.now().offset;
      let opener: Code = null;
      let size = 0;
      let closing = 0;
      let key = '';
      return start;

      function start(code: Code): State | undefined {
        opener = code;
        run.consume(code);
        size = 1;
        return code === codes.asterisk || code === codes.underscore ? openRun : afterOpen;
      }

      function openRun(code: Code): State | undefined {
        if (code === opener) {
          size++;
          run.consume(code);
          return openRun;
        }
        return afterOpen(code);
      }

      function afterOpen(code: Code): State | undefined {
        if (code === null || markdownLineEndingOrSpace(code)) return nok(code);
        key = `${opener}:${size}`;
        const known = memo.unclosedSpans.get(key);
        if (known && known.from <= from && from < known.to) {
          outcome.unclosed = true;
          return nok(code);
        }
        return inside(code);
      }

      function inside(code: Code): State | undefined {
        if (code === null) {
          memo.unclosedSpans.set(key, { from, to: self.now().offset });
          outcome.unclosed = true;
          return nok(code);
        }
        if (opener === codes.quotationMark || opener === 0x201c) {
          run.consume(code);
          if (doubleClosers.has(code)) return done;
          return inside;
        }
        if (opener === codes.apostrophe || opener === 0x2018) {
          run.consume(code);
          return singleClosers.has(code) ? afterSingle : inside;
        }
        if (code === opener) {
          closing = 0;
          return closingRun(code);
        }
        run.consume(code);
        return inside;
      }

      function afterSingle(code: Code): State | undefined {
        return isAlphanumeric(code) ? inside(code) : done(code);
      }

      function closingRun(code: Code): State | undefined {
        if (code === opener) {
          closing++;
          run.consume(code);
          return closingRun;
        }
        if (closing >= size && !(opener === codes.underscore && isAlphanumeric(code))) return done(code);
        return inside(code);
      }

      function done(code: Code): State | undefined {
        run.close();
        return ok(code);
      }
    },
  };
}

// ---------------------------------------------------------------------------
// Brackets.

type Failure = 'none' | 'eof' | 'no-key' | 'nested' | 'too-deep' | 'followed' | 'bad-item' | 'footnote' | 'emphasis';

interface BracketOptions {
  /** The first part has no key: the suffix of an in-text key (`@key [p. 33]`). */
  keylessFirst: boolean;
  /** Characters after `]` that make it something else (a link, reference, span). */
  rejectAfter: readonly number[];
  /** Consume to the closing bracket as one malformed token of this type, skipping the item rules. */
  malformedToken?: TokenType;
  /** Filled in by the scan: why it failed and what it saw. */
  report: BracketReport;
}

interface BracketReport {
  failure: Failure;
  sawKey: boolean;
  badItem?: Exclude<MalformedReason, 'unclosed'>;
  /** The first broken item: the offsets of its `@` and of the end of its text. */
  badItemRange?: { start: number; end: number };
}

function newReport(): BracketReport {
  return { failure: 'none', sawKey: false };
}

function bracketConstruct(options: BracketOptions): Construct {
  return {
    partial: true,
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      return tokenizeBracket.call(this, effects, ok, nok, options);
    },
  };
}

function tokenizeBracket(
  this: TokenizeContext,
  effects: Effects,
  ok: State,
  nok: State,
  options: BracketOptions,
): State {
  const report = options.report;
  const plain = options.malformedToken !== undefined;
  const run = new TextRun(effects);
  const skip = spanSkipper(this, effects);
  const spanOutcome = { unclosed: false };
  const span = delimitedSpan(spanOutcome);
  let depth = 0;
  let itemHasKey = false;
  let itemIsKeyless = options.keylessFirst;
  /** Only whitespace (and perhaps a `-`) since the item began: where a broken `@` is reported. */
  let atItemStart = true;
  let previous: Code = codes.leftSquareBracket;
  /** The offset after the last character of the item's text that is not white space. */
  let contentEnd = -1;
  /** The broken item being read, until its end is known. */
  let broken: { start: number } | undefined;
  /** Where the last key ended. */
  let keyEnd = -1;
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
  const self = this;
  const memo = memoFor(self);
  const afterReference = memo.citationsAfterReference.has(self.now().offset);

  return start;

  function fail(failure: Failure, code: Code): State | undefined {
    report.failure = failure;
    return nok(code);
  }

  function start(code: Code): State | undefined {
    if (options.malformedToken) effects.enter(options.malformedToken);
    marker(code);
    return afterOpen;
  }

  function marker(code: Code): void {
    run.close();
    effects.enter('citationMarker');
    effects.consume(code);
    effects.exit('citationMarker');
  }

  function afterOpen(code: Code): State | undefined {
    if (code === codes.caret) {
      takeText(code);
      return afterCaret;
    }
    return content(code);
  }

  // `[^label]` is a note marker; `[^ see @a]` a citation with the prefix `^`, as in pandoc.
  function afterCaret(code: Code): State | undefined {
    if (markdownLineEndingOrSpace(code)) return content(code);
    return fail('footnote', code);
  }

  function takeText(code: Code): void {
    run.consume(code);
    previous = code;
    if (code !== null && !markdownLineEndingOrSpace(code)) {
      contentEnd = self.now().offset;
      if (!(atItemStart && code === codes.dash)) atItemStart = false;
    }
  }

  /** The broken item ends where its text did: before a separator, the closing bracket or a key in it. */
  function endBroken(): void {
    if (!broken) return;
    report.badItemRange = { start: broken.start, end: Math.max(contentEnd, broken.start + 1) };
    broken = undefined;
  }

  function consumeText(code: Code): State {
    takeText(code);
    return content;
  }

  function content(code: Code): State | undefined {
    if (code === null) return fail('eof', code);
    if (skip.starts(code) && code !== codes.graveAccent) {
      // Character references, raw HTML, autolinks, math, raw TeX, inline notes: one piece each.
      atItemStart = false;
      return skip.attempt(takeText, content, code === codes.backslash ? escaped : content)(code);
    }
    if (opensSpan(code) && !((code === codes.underscore || code === codes.apostrophe || code === 0x2018) && isAlphanumeric(previous))) {
      atItemStart = false;
      spanOutcome.unclosed = false;
      run.close();
      return effects.attempt(span, afterSpan, notSpan)(code);
    }
    if (code === codes.graveAccent) {
      atItemStart = false;
      run.close();
      return effects.attempt(codeSpanConstruct, afterCodeSpan, literalBackticks)(code);
    }
    if (code === codes.leftSquareBracket) {
      if (++depth > maxBracketDepth) return fail('too-deep', code);
      return consumeText(code);
    }
    if (code === codes.rightSquareBracket) {
      if (depth > 0) {
        depth--;
        return consumeText(code);
      }
      return close(code);
    }
    if (code === codes.semicolon && depth === 0 && !plain) {
      endBroken();
      if (!itemHasKey && !itemIsKeyless) return itemWithoutKey(code);
      run.close();
      effects.enter('citationSeparator');
      effects.consume(code);
      effects.exit('citationSeparator');
      previous = code;
      itemHasKey = false;
      itemIsKeyless = false;
      atItemStart = true;
      return content;
    }
    if ((code === codes.atSign || code === codes.dash) && !plain && (!endsWord(previous) || (code === codes.atSign && self.now().offset === keyEnd))) {
      run.close();
      endBroken();
      return effects.attempt(keyConstruct, afterKey, notKey)(code);
    }
    return consumeText(code);
  }

  function itemWithoutKey(code: Code): State | undefined {
    // Keep scanning to the closing bracket when the item's `@` was broken, so it can be reported whole.
    if (report.badItem) return consumeText(code);
    return fail('no-key', code);
  }

  function escaped(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return content(code);
    run.consume(code);
    previous = code;
    return content;
  }

  function afterSpan(code: Code): State | undefined {
    previous = codes.quotationMark;
    return content(code);
  }

  function notSpan(code: Code): State | undefined {
    // Unclosed emphasis runs to the paragraph's end in pandoc, past this bracket's `]`.
    if (spanOutcome.unclosed && (code === codes.asterisk || code === codes.underscore) && !plain) return fail('emphasis', code);
    return consumeText(code);
  }

  function afterCodeSpan(code: Code): State | undefined {
    previous = codes.graveAccent;
    return content(code);
  }

  function literalBackticks(code: Code): State | undefined {
    if (code === codes.graveAccent) {
      run.consume(code);
      return literalBackticks;
    }
    previous = codes.graveAccent;
    return content(code);
  }

  function afterKey(code: Code): State | undefined {
    if (depth > 0 || itemHasKey || itemIsKeyless) return fail('nested', code);
    itemHasKey = true;
    report.sawKey = true;
    atItemStart = false;
    previous = codes.lowercaseA;
    // An `@` right after a key starts another (`[@a@b]`, which pandoc reads as a citation in a suffix).
    keyEnd = self.now().offset;
    return content(code);
  }

  function notKey(code: Code): State | undefined {
    if (code === codes.dash) return consumeText(code);
    // An `@` opening an item that does not start a key: pandoc drops the whole bracket.
    if (atItemStart && depth === 0 && !report.badItem && !itemIsKeyless) {
      broken = { start: self.now().offset };
      run.consume(code);
      previous = code;
      atItemStart = false;
      return classifyBrokenKey;
    }
    return consumeText(code);
  }

  function classifyBrokenKey(code: Code): State | undefined {
    if (code === null || code === codes.rightSquareBracket || code === codes.semicolon) {
      report.badItem = 'empty-key';
    } else if (markdownLineEndingOrSpace(code)) {
      report.badItem = 'space-after-at';
    } else {
      report.badItem = 'illegal-character';
    }
    return content(code);
  }

  function close(code: Code): State | undefined {
    if (depth === 0) endBroken();
    if (!plain) {
      if (report.badItem) return fail('bad-item', code);
      if (!itemHasKey && !itemIsKeyless) {
        if (!options.rejectAfter.includes(codes.leftSquareBracket)) return fail('no-key', code);
        // Not a citation; still, a citation right after it is one whatever follows (`[x][@a](y)`).
        marker(code);
        return textThenMaybeCitation;
      }
    }
    marker(code);
    if (options.malformedToken) {
      effects.exit(options.malformedToken);
      return ok;
    }
    return after;
  }

  // `[@a][x]` is a reference link's text to pandoc 2.17, whether `x` is defined or not (its keys are read in
  // text). When a citation follows (`[x][@a]`), the first is a shortcut reference and the second a citation,
  // whatever follows it.
  function after(code: Code): State | undefined {
    if (afterReference) return ok(code);
    if (code === codes.leftSquareBracket && options.rejectAfter.includes(code)) return effects.check(anyBracketedCitation, referenceThenCitation, followed)(code);
    if (code !== null && options.rejectAfter.includes(code)) return fail('followed', code);
    return ok(code);
  }

  function referenceThenCitation(code: Code): State | undefined {
    memo.citationsAfterReference.add(self.now().offset);
    return fail('followed', code);
  }

  function textThenMaybeCitation(code: Code): State | undefined {
    if (code !== codes.leftSquareBracket) return fail('no-key', code);
    return effects.check(anyBracketedCitation, textThenCitation, (c: Code) => fail('no-key', c))(code);
  }

  function textThenCitation(code: Code): State | undefined {
    memo.citationsAfterReference.add(self.now().offset);
    return fail('no-key', code);
  }

  function followed(code: Code): State | undefined {
    return fail('followed', code);
  }
}

const listRejectAfter = [codes.leftParenthesis, codes.leftSquareBracket, codes.leftCurlyBrace];
const locatorRejectAfter = [codes.leftParenthesis, codes.leftSquareBracket];

// ---------------------------------------------------------------------------
// `[` : bracketed citations and malformed brackets.

const bracketedCitation: Construct = { name: 'citationBracketed', tokenize: tokenizeBracketedCitation };

function tokenizeBracketedCitation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const report = newReport();
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
  const self = this;
  return start;

  function start(code: Code): State | undefined {
    if (code !== codes.leftSquareBracket) return nok(code);
    return effects.attempt(wholeBracketed(report), ok, fallback)(code);
  }

  function fallback(code: Code): State | undefined {
    if (report.failure === 'bad-item' && report.badItem && report.sawKey && report.badItemRange) {
      // Another item has a key: pandoc reads the bracket as text and that key as an in-text citation.
      const { start, end } = report.badItemRange;
      memoFor(self).brokenItems.set(start, { end, reason: report.badItem });
      return nok(code);
    }
    if (report.failure === 'bad-item' && report.badItem) {
      return effects.attempt(
        bracketConstruct({
          keylessFirst: false,
          rejectAfter: [],
          malformedToken: reasonTokens[report.badItem],
          report: newReport(),
        }),
        ok,
        nok,
      )(code);
    }
    if (report.failure === 'footnote') return effects.check(noteMarker, nok, nok)(code);
    if (report.failure === 'eof' && report.sawKey) {
      // Only the `[` is marked: pandoc reads what follows as in-text citations, and so do we.
      effects.enter('citationMalformedUnclosed');
      effects.consume(code);
      effects.exit('citationMalformedUnclosed');
      return ok;
    }
    return nok(code);
  }
}

/** `[^label]`, the label without white space: notes the offsets of the `@`s in it, and matches nothing. */
const noteMarker: Construct = {
  partial: true,
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
    const self = this;
    const ats: number[] = [];
    const run = new TextRun(effects);
    return function open(code: Code): State | undefined {
      run.consume(code);
      return caret;
    };
    function caret(code: Code): State | undefined {
      if (code !== codes.caret) return nok(code);
      run.consume(code);
      return label;
    }
    function label(code: Code): State | undefined {
      if (code === null || markdownLineEndingOrSpace(code)) return nok(code);
      if (code === codes.rightSquareBracket) {
        for (const at of ats) memoFor(self).noteMarkerAts.add(at);
        return nok(code);
      }
      if (code === codes.atSign) ats.push(self.now().offset);
      run.consume(code);
      return label;
    }
  },
};

/** A bracketed citation, whatever follows it: pandoc's look-ahead after a reference's text. */
const anyBracketedCitation: Construct = {
  partial: true,
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    return function start(code: Code): State | undefined {
      effects.enter('citationBracketed');
      return effects.attempt(bracketConstruct({ keylessFirst: false, rejectAfter: [], report: newReport() }), done, nok)(code);
    };
    function done(code: Code): State | undefined {
      effects.exit('citationBracketed');
      return ok(code);
    }
  },
};

/** A valid bracketed citation wrapped in its `citationBracketed` token; `report` says why it failed. */
function wholeBracketed(report: BracketReport): Construct {
  return {
    partial: true,
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      return start;

      function start(code: Code): State | undefined {
        effects.enter('citationBracketed');
        return effects.attempt(
          bracketConstruct({ keylessFirst: false, rejectAfter: listRejectAfter, report }),
          done,
          nok,
        )(code);
      }

      function done(code: Code): State | undefined {
        effects.exit('citationBracketed');
        return ok(code);
      }
    },
  };
}

// ---------------------------------------------------------------------------
// `@` : in-text citations.

/**
 * pandoc's `notAfterString` looks at what was parsed before, not at the character: an `@` right
 * after a word is not a citation (`me@x.org`), but one right after a citation's key is (`@a@b`).
 */
function mayStartInText(context: TokenizeContext, code: Code): boolean {
  return !endsWord(code) || memoFor(context).citationEnds.has(context.now().offset);
}

const inTextCitation: Construct = { name: 'citationInText', tokenize: tokenizeInTextCitation };

function tokenizeInTextCitation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
  const self = this;
  return start;

  function start(code: Code): State | undefined {
    if (code !== codes.atSign) return nok(code);
    const memo = memoFor(self);
    if (memo.noteMarkerAts.has(self.now().offset)) return nok(code);
    const broken = memo.brokenItems.get(self.now().offset);
    if (broken) return brokenItem(broken)(code);
    effects.enter('citationInText');
    if (!mayStartInText(self, self.previous)) {
      effects.consume(code);
      return exampleLabel;
    }
    return effects.attempt(keyConstruct, afterKey, nok)(code);
  }

  /** The broken item of a bracket that is text (`@ b` in `[@a; @ b]`): malformed, up to where its text ends. */
  function brokenItem(broken: { end: number; reason: Exclude<MalformedReason, 'unclosed'> }): State {
    const run = new TextRun(effects);
    const type = reasonTokens[broken.reason];
    effects.enter(type);
    return function inside(code: Code): State | undefined {
      if (code === null || self.now().offset >= broken.end) {
        run.close();
        effects.exit(type);
        return ok(code);
      }
      run.consume(code);
      return inside;
    };
  }

  // An `@` right after a word: pandoc reads `@` and the letters, digits, `-` and `_` after it as an
  // example reference (`example_lists`), which does not end a word, so an `@` right after it starts a
  // citation (`x@a@b` cites `b`). Noted, and not a citation here.
  function exampleLabel(code: Code): State | undefined {
    if (isKeyChar(code) || code === codes.dash) {
      effects.consume(code);
      return exampleLabelRest;
    }
    if (isHighSurrogate(code)) return effects.attempt(astralKeyChar, exampleLabelRest, nok)(code);
    return nok(code);
  }

  function exampleLabelRest(code: Code): State | undefined {
    if (isKeyChar(code) || code === codes.dash) {
      effects.consume(code);
      return exampleLabelRest;
    }
    if (isHighSurrogate(code)) return effects.attempt(astralKeyChar, exampleLabelRest, labelEnd)(code);
    return labelEnd(code);
  }

  function labelEnd(code: Code): State | undefined {
    memoFor(self).citationEnds.add(self.now().offset);
    return nok(code);
  }

  function afterKey(code: Code): State | undefined {
    return effects.attempt(locatorConstruct, done, done)(code);
  }

  function done(code: Code): State | undefined {
    effects.exit('citationInText');
    memoFor(self).citationEnds.add(self.now().offset);
    return ok(code);
  }
}

const locatorConstruct: Construct = { tokenize: tokenizeLocator, partial: true };

/** pandoc's `spnl` then `[`: a citation list to merge, or a keyless suffix (optionally `; more items`). */
function tokenizeLocator(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const run = new TextRun(effects);
  let sawLineEnding = false;
  return space;

  function space(code: Code): State | undefined {
    if (markdownSpace(code)) {
      run.consume(code);
      return space;
    }
    if (markdownLineEnding(code) && !sawLineEnding) {
      sawLineEnding = true;
      run.consume(code);
      return space;
    }
    if (code !== codes.leftSquareBracket) return nok(code);
    run.close();
    return effects.attempt(
      bracketConstruct({ keylessFirst: false, rejectAfter: listRejectAfter, report: newReport() }),
      ok,
      keyless,
    )(code);
  }

  function keyless(code: Code): State | undefined {
    return effects.attempt(
      bracketConstruct({ keylessFirst: true, rejectAfter: locatorRejectAfter, report: newReport() }),
      ok,
      nok,
    )(code);
  }
}

// ---------------------------------------------------------------------------
// `[@a]: text` at the start of a paragraph: pandoc reads a citation, CommonMark a link definition.

const citationList: Construct = { tokenize: tokenizeCitationList, partial: true };

function tokenizeCitationList(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return effects.attempt(wholeBracketed(newReport()), ok, nok);
}

/** micromark's link definition, except where its label is a citation list. */
const definitionUnlessCitation: Construct = {
  name: 'definitionUnlessCitation',
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    return effects.check(citationList, nok, definition.tokenize.call(this, effects, ok, nok));
  },
};

// ---------------------------------------------------------------------------
// `-@key` in text: pandoc reads the `-` as text and `@key` as a citation. GFM would read `-@x.y`
// as an email whose address is `-`; an address has a letter or a digit, so here it is not one.

/** Characters GFM allows in an email's local part, and `/`, after which GFM starts no email. */
function emailAtextOrSlash(code: Code): boolean {
  return code === codes.plusSign || code === codes.dash || code === codes.dot || code === codes.underscore || code === codes.slash || (code !== null && code < 128 && isAlphanumeric(code));
}

const signsBeforeKey: Construct = {
  name: 'citationSignsBeforeKey',
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark hands a tokenizer its context as `this`; the nested state functions need it
    const self = this;
    return function start(code: Code): State | undefined {
      if (emailAtextOrSlash(self.previous)) return nok(code);
      effects.enter('data');
      return signs(code);
    };
    function signs(code: Code): State | undefined {
      if (code === codes.dash || code === codes.plusSign) {
        effects.consume(code);
        return signs;
      }
      effects.exit('data');
      return code === codes.atSign ? effects.check(keyConstruct, ok, nok)(code) : nok(code);
    }
  },
};

/** The micromark extension: add it to `micromarkExtensions`. */
export function citationSyntax(): Extension {
  return {
    contentInitial: { [codes.leftSquareBracket]: definitionUnlessCitation },
    disable: { null: ['definition'] },
    text: {
      [codes.leftSquareBracket]: bracketedCitation,
      [codes.atSign]: inTextCitation,
      [codes.dash]: signsBeforeKey,
      [codes.plusSign]: signsBeforeKey,
    },
  };
}
