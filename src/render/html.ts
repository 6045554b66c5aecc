/** The standalone HTML page a rendered article is written into. */
import { escapeHtmlAsPandoc } from '../util/html.js';

/** A small readable stylesheet: a measure of ~70 characters, hanging or numbered references, visible unresolved citations. */
export const STYLESHEET = `:root { color-scheme: light dark; --text: #1b1b1b; --bg: #fdfdfc; --muted: #5b5b5b; --link: #0b57a4; --mark: #fff3b0; --mark-text: #6b3b00; }
@media (prefers-color-scheme: dark) { :root { --text: #e8e6e3; --bg: #161616; --muted: #a8a8a8; --link: #8ab4f8; --mark: #5c4700; --mark-text: #ffe08a; } }
html { background: var(--bg); color: var(--text); }
body { font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0; }
main { max-width: 42rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1, h2, h3, h4 { line-height: 1.25; margin: 2rem 0 0.75rem; }
h1 { font-size: 2rem; margin-top: 0; }
#title-block-header { margin-bottom: 2rem; }
a { color: var(--link); }
a:hover { text-decoration-thickness: 2px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
pre { overflow-x: auto; padding: 0.75rem; background: rgba(127, 127, 127, 0.1); }
table { border-collapse: collapse; }
th, td { border: 1px solid rgba(127, 127, 127, 0.4); padding: 0.25rem 0.5rem; }
blockquote { margin-left: 0; padding-left: 1rem; border-left: 3px solid rgba(127, 127, 127, 0.4); color: var(--muted); }
.citation a { text-decoration: none; }
.citation a:hover { text-decoration: underline; }
mark.citation-unresolved, mark.citation-malformed { background: var(--mark); color: var(--mark-text); font-weight: 600; padding: 0 0.15em; border-radius: 2px; }
.references { margin-top: 1rem; font-size: 0.95em; }
.references .csl-entry { margin: 0 0 0.6rem; overflow-wrap: anywhere; }
.references.hanging-indent .csl-entry { padding-left: 2em; text-indent: -2em; }
.references.numbered .csl-entry { display: flex; gap: 0.25em; }
.references .csl-left-margin { flex: 0 0 2.25em; }
.references .csl-right-inline { flex: 1 1 auto; min-width: 0; }
.references .csl-entry:target { background: var(--mark); }
.small-caps { font-variant: small-caps; }
.underline { text-decoration: underline; }
.roman { font-style: normal; }
.normal-weight { font-weight: normal; }
.sup { vertical-align: super; font-size: smaller; }
`;

export interface HtmlDocumentOptions {
  title: string;
  lang: string;
  /** The article as HTML, already serialised. */
  body: string;
  /** Shown in a `<meta name="citation-style">`, e.g. the style's title. */
  styleTitle?: string;
  /** A title to show above the body, in pandoc's title block (`<header id="title-block-header"><h1 class="title">`). */
  heading?: string;
}

/** A complete, valid HTML5 document around an article body. */
export function htmlDocument(options: HtmlDocumentOptions): string {
  const meta = options.styleTitle ? `\n<meta name="citation-style" content="${escapeHtmlAsPandoc(options.styleTitle)}">` : '';
  return `<!doctype html>
<html lang="${escapeHtmlAsPandoc(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="citemark">${meta}
<title>${escapeHtmlAsPandoc(options.title)}</title>
<style>
${STYLESHEET}</style>
</head>
<body>
<main>
${options.heading !== undefined ? `<header id="title-block-header">\n<h1 class="title">${escapeHtmlAsPandoc(options.heading)}</h1>\n</header>\n` : ''}${options.body.trim()}
</main>
</body>
</html>
`;
}
