/**
 * Just enough HTML → Markdown for importing an article: headings, paragraphs,
 * lists, line breaks and links, with `<sup>` kept so citation markers can be
 * found in it. Pages exported from a CMS are rarely well-formed XML, so this
 * reads tags with a tolerant scanner rather than an XML parser.
 */

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’',
  ldquo: '“', rdquo: '”', hellip: '…', eacute: 'é', egrave: 'è', ouml: 'ö', uuml: 'ü', auml: 'ä', copy: '©',
  reg: '®', deg: '°', middot: '·', times: '×', sup1: '¹', sup2: '²', sup3: '³',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// ───────────── scanning helpers ─────────────
// The scans below stand in for patterns such as `/<!--[\s\S]*?-->/g` or `/<[^>]+>/g`. A backtracking
// regex engine retries those from every `<`, reading on to the end of the text each time when the closing
// part is missing, which takes quadratic time on hostile input; these read the text once.

/**
 * `haystack.indexOf(needle, from)` for calls with growing `from`: while the last answer is still at or
 * after `from` it is the answer again (and a miss stays a miss), so the text is read once in all.
 */
export function indexFinder(haystack: string, needle: string): (from: number) => number {
  let asked = -1;
  let found = -1;
  return (from) => {
    if (asked < 0 || from < asked || (found !== -1 && from > found)) found = haystack.indexOf(needle, from);
    asked = from;
    return found;
  };
}

/** Lower-cases A–Z only: every index stays where it was, and a non-Unicode `/i` pattern matches ASCII letters no other way. */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** A word character for `\b` in a pattern without the `u` flag. */
export function isAsciiWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /^\w$/.test(ch);
}

interface Replacement {
  /** Exclusive end of the match. */
  end: number;
  replacement: string;
}

/**
 * `text.replace(/…/g, …)` with a hand-written matcher: from left to right, at each `first` that is not
 * inside an earlier match, `matchAt` says whether a match starts there (it is never empty).
 */
function replaceEach(text: string, first: string, matchAt: (i: number) => Replacement | undefined): string {
  let out = '';
  let last = 0;
  for (let i = text.indexOf(first); i !== -1; ) {
    const m = matchAt(i);
    if (m) {
      out += text.slice(last, i) + m.replacement;
      last = m.end;
    }
    i = text.indexOf(first, m ? m.end : i + 1);
  }
  return out + text.slice(last);
}

/** Removes tags: `text.replace(/<[^>]+>/g, '')`. */
export function stripTags(text: string): string {
  const tagEnd = indexFinder(text, '>');
  return replaceEach(text, '<', (i) => {
    const end = tagEnd(i + 1);
    return end > i + 1 ? { end: end + 1, replacement: '' } : undefined;
  });
}

/**
 * Reads `<name …>content</name>` starting at an index, as `/<name\b[^>]*>([\s\S]*?)<\/name>/i` does
 * (`name` in lower case). Ask for growing indexes.
 */
function elementReader(html: string, lower: string, name: string): (i: number) => { content: string; end: number } | undefined {
  const tagEnd = indexFinder(html, '>');
  const closeTag = `</${name}>`;
  const closeAt = indexFinder(lower, closeTag);
  return (i) => {
    if (html[i] !== '<' || !lower.startsWith(name, i + 1) || isAsciiWordChar(html[i + 1 + name.length])) return undefined;
    const open = tagEnd(i + 1 + name.length);
    if (open === -1) return undefined;
    const close = closeAt(open + 1);
    if (close === -1) return undefined;
    return { content: html.slice(open + 1, close), end: close + closeTag.length };
  };
}

/** The content of the first `<name …>…</name>` element (`name` in lower case, matched in any case), if any. */
export function firstElementContent(html: string, name: string): string | undefined {
  const read = elementReader(html, asciiLowerCase(html), name);
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    const element = read(i);
    if (element) return element.content;
  }
  return undefined;
}

/** `<!-- … -->` removed. */
function dropComments(html: string): string {
  const closeAt = indexFinder(html, '-->');
  return replaceEach(html, '<', (i) => {
    if (!html.startsWith('<!--', i)) return undefined;
    const close = closeAt(i + 4);
    return close === -1 ? undefined : { end: close + 3, replacement: '' };
  });
}

/** Declarations and processing instructions (`<!doctype html>`, `<?xml …?>`) removed. */
function dropDeclarations(html: string): string {
  const tagEnd = indexFinder(html, '>');
  const instructionEnd = indexFinder(html, '?>');
  return replaceEach(html, '<', (i) => {
    if (html[i + 1] === '!' && /^[a-z]$/i.test(html[i + 2] ?? '')) {
      const end = tagEnd(i + 3);
      return end === -1 ? undefined : { end: end + 1, replacement: '' };
    }
    if (html[i + 1] === '?') {
      const end = instructionEnd(i + 2);
      return end === -1 ? undefined : { end: end + 2, replacement: '' };
    }
    return undefined;
  });
}

const HIDDEN_ELEMENTS = ['script', 'style', 'head', 'nav', 'noscript'];

/** `<script …>…</script>` and the like removed, up to the first closing tag of the same name. */
function dropHiddenElements(html: string): string {
  const lower = asciiLowerCase(html);
  const closeAt = new Map(HIDDEN_ELEMENTS.map((name) => [name, indexFinder(lower, `</${name}>`)]));
  return replaceEach(html, '<', (i) => {
    const name = HIDDEN_ELEMENTS.find((n) => lower.startsWith(n, i + 1) && !isAsciiWordChar(html[i + 1 + n.length]));
    if (!name) return undefined;
    const close = closeAt.get(name)?.(i + 1 + name.length) ?? -1;
    return close === -1 ? undefined : { end: close + name.length + 3, replacement: '' };
  });
}

/** `<sup …>…</sup>` becomes `\u0001…\u0002` with the tags inside removed. */
function markSuperscripts(html: string): string {
  const read = elementReader(html, asciiLowerCase(html), 'sup');
  return replaceEach(html, '<', (i) => {
    const sup = read(i);
    return sup && { end: sup.end, replacement: `\u0001${stripTags(sup.content)}\u0002` };
  });
}

/** Each tag `<name …>` or `</name …>` replaced by `replace(close, name, attributes)`. */
function replaceTags(text: string, replace: (close: string, rawName: string, attrs: string) => string): string {
  const tagEnd = indexFinder(text, '>');
  return replaceEach(text, '<', (i) => {
    const close = text[i + 1] === '/' ? '/' : '';
    const nameStart = i + 1 + close.length;
    if (!/^[a-z]$/i.test(text[nameStart] ?? '')) return undefined;
    let nameEnd = nameStart + 1;
    while (/^[a-z0-9]$/i.test(text[nameEnd] ?? '')) nameEnd += 1;
    // `\b` after the name: it may not run on into `_`.
    if (isAsciiWordChar(text[nameEnd])) return undefined;
    const end = tagEnd(nameEnd);
    if (end === -1) return undefined;
    return { end: end + 1, replacement: replace(close, text.slice(nameStart, nameEnd), text.slice(nameEnd, end)) };
  });
}

/** `\u0003href\u0005label\u0004` (the `\u0004` may be missing) replaced by `replace(href, label)`. */
function replaceLinks(text: string, replace: (href: string, label: string) => string): string {
  const hrefEnd = indexFinder(text, '\u0005');
  return replaceEach(text, '\u0003', (i) => {
    const mid = hrefEnd(i + 1);
    if (mid === -1) return undefined;
    let end = mid + 1;
    while (end < text.length && text[end] !== '\u0004' && text[end] !== '\u0003') end += 1;
    const replacement = replace(text.slice(i + 1, mid), text.slice(mid + 1, end));
    return { end: text[end] === '\u0004' ? end + 1 : end, replacement };
  });
}

export function htmlToMarkdown(html: string): string {
  // Comments, declarations, processing instructions and scripts, styles and navigation are not text.
  let text = dropHiddenElements(dropDeclarations(dropComments(html))).replace(/\r\n?/g, '\n');
  // Inside <sup>, keep only the text so `<sup><a href="#r3">3</a></sup>` becomes `<sup>3</sup>`.
  text = markSuperscripts(text);
  text = text.replace(/\s+/g, ' ');

  const listStack: { ordered: boolean; counter: number }[] = [];
  text = replaceTags(text, (close, rawName, attrs) => {
    const name = rawName.toLowerCase();
    const heading = /^h([1-6])$/.exec(name);
    if (heading) return close ? '\n\n' : `\n\n${'#'.repeat(Number(heading[1]))} `;
    switch (name) {
      case 'p': case 'div': case 'section': case 'article': case 'blockquote': case 'table': case 'tr':
      case 'header': case 'footer': case 'main': case 'aside': case 'figure': case 'figcaption':
        return '\n\n';
      case 'br':
        return '\n';
      case 'ol': case 'ul': {
        if (close) listStack.pop();
        else {
          const start = /\bstart\s*=\s*["']?(\d+)/i.exec(attrs);
          listStack.push({ ordered: name === 'ol', counter: start ? Number(start[1]) - 1 : 0 });
        }
        return '\n\n';
      }
      case 'li': {
        if (close) return '\n';
        const list = listStack[listStack.length - 1];
        const value = /\bvalue\s*=\s*["']?(\d+)/i.exec(attrs);
        if (list && value) list.counter = Number(value[1]) - 1;
        if (list) list.counter += 1;
        return list?.ordered ? `\n${list.counter}. ` : '\n- ';
      }
      case 'a': {
        if (close) return '\u0004';
        const href = /\bhref\s*=\s*["']([^"']*)["']/i.exec(attrs)?.[1] ?? '';
        return /^https?:/i.test(href) ? `\u0003${href}\u0005` : '';
      }
      case 'td': case 'th':
        return close ? ' ' : ' ';
      default:
        return '';
    }
  });
  // A link whose text is not its address keeps the address in Markdown form.
  text = replaceLinks(text, (href, label) => {
    const shown = label.trim();
    if (!shown || shown === href) return href + (label.endsWith(' ') ? ' ' : '');
    return `[${shown}](${href})`;
  });
  text = text.replace(/[\u0003-\u0005]/g, '').replace(/\u0001/g, '<sup>').replace(/\u0002/g, '</sup>');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim() + '\n';
}
