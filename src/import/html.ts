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

export function htmlToMarkdown(html: string): string {
  let text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    // Declarations and processing instructions (`<!doctype html>`, `<?xml …?>`) are not text.
    .replace(/<![a-z][^>]*>|<\?[\s\S]*?\?>/gi, '')
    .replace(/<(script|style|head|nav|noscript)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/\r\n?/g, '\n');
  // Inside <sup>, keep only the text so `<sup><a href="#r3">3</a></sup>` becomes `<sup>3</sup>`.
  text = text.replace(/<sup\b[^>]*>([\s\S]*?)<\/sup>/gi, (_, inner: string) => `\u0001${inner.replace(/<[^>]+>/g, '')}\u0002`);
  text = text.replace(/\s+/g, ' ');

  const listStack: { ordered: boolean; counter: number }[] = [];
  text = text.replace(/<(\/?)([a-z][a-z0-9]*)\b([^>]*)>/gi, (_, close: string, rawName: string, attrs: string) => {
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
  text = text.replace(/\u0003([^\u0005]*)\u0005([^\u0004\u0003]*)\u0004?/g, (_, href: string, label: string) => {
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
