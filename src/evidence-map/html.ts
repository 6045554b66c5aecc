/**
 * The evidence map as one self-contained HTML page: inline CSS and script,
 * no fonts, images or requests (a Content-Security-Policy forbids them), so
 * it opens offline from a file. Article text and bibliography fields are
 * untrusted: every value is escaped, and the data reaches the script only
 * through `data-` attributes, never as inline JSON.
 */
import type { EvidenceBucket, EvidenceMap, LevelCount, MapArticle, MapClaim, MapFinding, MapReference } from './schema.js';
import { EVIDENCE_BUCKETS } from './schema.js';
import { escapeHtml } from '../util/html.js';


/** Escapes, then shows the `backticked` values of a message as code. */
function messageHtml(message: string): string {
  return escapeHtml(message).replace(/`([^`]+)`/gu, '<code>$1</code>');
}

type Strength = 'strong' | 'moderate' | 'review' | 'weak' | 'unclassified' | 'unresolved';

const STRENGTH: Record<EvidenceBucket, Strength> = {
  'systematic-review': 'strong',
  'meta-analysis': 'strong',
  rct: 'strong',
  guideline: 'strong',
  cohort: 'moderate',
  'case-series': 'moderate',
  qualitative: 'moderate',
  'narrative-review': 'review',
  'book-chapter': 'review',
  'reference-work': 'review',
  'government-page': 'review',
  'expert-opinion': 'weak',
  'press-release': 'weak',
  'web-page': 'weak',
  unclassified: 'unclassified',
  unresolved: 'unresolved',
};

const STRENGTH_LABELS: Record<Strength, string> = {
  strong: 'Systematic review, meta-analysis, RCT, guideline',
  moderate: 'Cohort, case series, qualitative',
  review: 'Narrative review, book chapter, reference work, government page',
  weak: 'Expert opinion, press release, web page',
  unclassified: 'No evidence level recorded',
  unresolved: 'Key not in the bibliography',
};

export function levelLabel(level: EvidenceBucket): string {
  if (level === 'rct') return 'RCT';
  if (level === 'unresolved') return 'unknown key';
  if (level === 'meta-analysis') return level;
  return level.replaceAll('-', ' ');
}

function levelBadge(level: EvidenceBucket): string {
  return `<span class="level s-${STRENGTH[level]}">${escapeHtml(levelLabel(level))}</span>`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `claim`: a sentence that cites; `sentence`: one that cites nothing but has findings (`citation-needed`). */
type RowKind = 'claim' | 'sentence' | 'reference';

function dataAttributes(findings: readonly MapFinding[], levels: readonly EvidenceBucket[], kind: RowKind): string {
  const rules = [...new Set(findings.map((f) => f.ruleId ?? 'fatal'))].sort();
  const distinctLevels = [...new Set(levels)].sort();
  return ` data-row="${kind}" data-rules="${escapeHtml(rules.join(' '))}" data-levels="${escapeHtml(distinctLevels.join(' '))}" data-findings="${findings.length > 0 ? '1' : '0'}"`;
}

function findingsList(findings: readonly MapFinding[], withPosition: boolean): string {
  if (findings.length === 0) return '<span class="none">—</span>';
  const items = findings.map((f) => {
    const severity = f.severity === 'error' ? 'error' : 'warning';
    const where = withPosition ? `<span class="pos">${f.line}:${f.column}</span> ` : '';
    return `<li class="finding sev-${severity}">${where}<span class="sev">${severity}</span> <span class="rule">${escapeHtml(f.ruleId ?? 'fatal')}</span> <span class="msg">${messageHtml(f.message)}</span></li>`;
  });
  return `<ul class="findings">${items.join('')}</ul>`;
}

function citationsList(claim: MapClaim, references: ReadonlyMap<string, MapReference>): string {
  if (claim.citations.length === 0) return '<span class="none">no citation</span>';
  const items = claim.citations.map((c) => {
    const reference = references.get(c.key);
    const topics = reference && reference.topics.length > 0 ? `<span class="topics">${reference.topics.map(escapeHtml).join(', ')}</span>` : '';
    const key = reference ? `<a href="#ref-${escapeHtml(c.key)}"><code>${escapeHtml(c.key)}</code></a>` : `<code>${escapeHtml(c.key)}</code>`;
    const locator = c.locator ? ` <span class="locator">${escapeHtml(c.locator)}</span>` : '';
    return `<li>${key}${locator} ${levelBadge(c.evidence)}${topics}</li>`;
  });
  return `<ul class="cites">${items.join('')}</ul>`;
}

/** `showSection`: the section heading is printed only on the first row of each section. */
function claimRow(claim: MapClaim, references: ReadonlyMap<string, MapReference>, showSection: boolean): string {
  const classes = ['claim'];
  if (claim.findings.some((f) => f.severity === 'error')) classes.push('has-error');
  else if (claim.findings.length > 0) classes.push('has-warning');
  if (!claim.cited) classes.push('uncited');
  const section = showSection && claim.section && claim.context !== 'heading' ? `<span class="section">${escapeHtml(claim.section)}</span>` : '';
  const topics =
    claim.topics.length > 0
      ? `<span class="claim-topics">Topics: ${claim.topics.map(escapeHtml).join(', ')}${claim.topicsFromContext ? ' (from the sentence before)' : ''}</span>`
      : '';
  return (
    `<tr id="claim-${escapeHtml(claim.id)}" class="${classes.join(' ')}"${dataAttributes(claim.findings, claim.citations.map((c) => c.evidence), claim.cited ? 'claim' : 'sentence')}>` +
    `<th scope="row" data-label="Line">${claim.line}</th>` +
    `<td data-label="Claim">${section}<span class="text">${escapeHtml(claim.text) || '<em>(citation only)</em>'}</span>${topics}</td>` +
    `<td data-label="Citations">${citationsList(claim, references)}</td>` +
    `<td data-label="Findings"${claim.findings.length === 0 ? ' class="empty-cell"' : ''}>${findingsList(claim.findings, false)}</td>` +
    `</tr>`
  );
}

const BAR_ROW = 22;
const LABEL_WIDTH = 150;
const BAR_MAX = 210;

/** A horizontal bar per evidence level; the counts are printed, so colour carries no information alone. */
export function evidenceChartSvg(levels: readonly LevelCount[], titleId: string): string {
  if (levels.length === 0) return '<p class="none">No references cited.</p>';
  const max = Math.max(...levels.map((l) => l.count));
  const height = levels.length * BAR_ROW + 4;
  const total = levels.reduce((n, l) => n + l.count, 0);
  const description = `${plural(total, 'cited reference')} by evidence level: ${levels.map((l) => `${levelLabel(l.level)} ${l.count}`).join(', ')}`;
  const rows = levels.map((l, i) => {
    const y = i * BAR_ROW + 2;
    const width = Math.max(2, Math.round((l.count / max) * BAR_MAX));
    return (
      `<g class="s-${STRENGTH[l.level]}">` +
      `<text x="${LABEL_WIDTH - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(levelLabel(l.level))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${width}" height="${BAR_ROW - 6}" rx="2"></rect>` +
      `<text class="count" x="${LABEL_WIDTH + width + 5}" y="${y + 15}">${l.count}</text>` +
      `</g>`
    );
  });
  const viewWidth = LABEL_WIDTH + BAR_MAX + 40;
  return (
    `<svg class="chart" viewBox="0 0 ${viewWidth} ${height}" width="${viewWidth}" height="${height}" role="img" aria-labelledby="${escapeHtml(titleId)}">` +
    `<title id="${escapeHtml(titleId)}">${escapeHtml(description)}</title>${rows.join('')}</svg>`
  );
}

function articleSection(article: MapArticle, index: number, references: ReadonlyMap<string, MapReference>): string {
  const headingId = `article-${index}-title`;
  const title = article.title ?? article.file;
  const c = article.counts;
  const uncited = article.claims.filter((claim) => !claim.cited).length;
  const facts = [
    plural(c.claims, 'claim'),
    ...(uncited > 0 ? [plural(uncited, 'uncited sentence') + ' with findings'] : []),
    plural(c.citations, 'citation'),
    plural(c.errors, 'error'),
    plural(c.warnings, 'warning'),
  ].join(' · ');
  const rows = article.claims.map((claim, i) => claimRow(claim, references, i === 0 || article.claims[i - 1]!.section !== claim.section));
  const loose =
    article.findings.length > 0
      ? `<h3>Findings outside any sentence</h3>${findingsList(article.findings, true)}`
      : '';
  return (
    `<section class="article" id="article-${index}" aria-labelledby="${headingId}">` +
    `<h2 id="${headingId}">${escapeHtml(title)}</h2>` +
    `<p class="meta"><code>${escapeHtml(article.file)}</code> · ${facts}</p>` +
    `<figure class="chart-box">${evidenceChartSvg(article.evidenceLevels, `article-${index}-chart`)}` +
    `<figcaption>Distinct references cited, by evidence level</figcaption></figure>` +
    `<div class="table-wrap"><table class="claims">` +
    `<caption>Claims in <code>${escapeHtml(article.file)}</code> and sentences with findings</caption>` +
    `<colgroup><col class="c-line"><col class="c-claim"><col class="c-cites"><col class="c-findings"></colgroup>` +
    `<thead><tr><th scope="col">Line</th><th scope="col">Claim</th><th scope="col">Citations and evidence</th><th scope="col">Findings</th></tr></thead>` +
    `<tbody data-filterable>${rows.join('')}` +
    `<tr class="empty"${rows.length > 0 ? ' hidden' : ''}><td colspan="4">No claims match the filters.</td></tr></tbody>` +
    `</table></div>${loose}</section>`
  );
}

function referenceRow(reference: MapReference): string {
  const byline = [reference.authors, reference.year === null ? null : `(${reference.year})`].filter(Boolean).join(' ');
  const cited =
    reference.citedBy.length > 0
      ? `<ul class="plain">${reference.citedBy.map((c) => `<li><code>${escapeHtml(c.file)}</code> × ${c.count}</li>`).join('')}</ul>`
      : '<span class="none">not cited</span>';
  const topics = reference.topics.length > 0 ? `${reference.topics.map(escapeHtml).join(', ')}${reference.topicsInferred ? ' <span class="note">(inferred)</span>' : ''}` : '<span class="none">—</span>';
  const retracted = reference.retracted ? ' <span class="retracted">retracted</span>' : '';
  const levelNote = reference.evidenceSource === 'type' ? ' <span class="note">(from type)</span>' : '';
  const hasError = reference.findings.some((f) => f.severity === 'error');
  const rowClass = hasError ? ' class="has-error"' : reference.findings.length > 0 ? ' class="has-warning"' : '';
  return (
    `<tr id="ref-${escapeHtml(reference.id)}"${rowClass}${dataAttributes(reference.findings, [reference.evidence], 'reference')}>` +
    `<th scope="row" data-label="Key"><code>${escapeHtml(reference.id)}</code></th>` +
    `<td data-label="Reference">${byline ? `<span class="byline">${escapeHtml(byline)}</span> ` : ''}<span class="title">${escapeHtml(reference.title ?? '(no title)')}</span>${retracted}` +
    ` <span class="where">${escapeHtml(reference.file)}:${reference.line}</span></td>` +
    `<td data-label="Evidence">${levelBadge(reference.evidence)}${levelNote}</td>` +
    `<td data-label="Topics">${topics}</td>` +
    `<td data-label="Cited in">${cited}</td>` +
    `<td data-label="Findings"${reference.findings.length === 0 ? ' class="empty-cell"' : ''}>${findingsList(reference.findings, false)}</td>` +
    `</tr>`
  );
}

/** The counts in the filter's options are of what the page shows, so choosing one shows that many. */
/** One paragraph for the items left out of the references table: how many, their findings by rule, how to list them. */
function omittedReferences(count: number, left: readonly MapReference[]): string {
  if (count === 0) return '';
  const byRule = new Map<string, number>();
  for (const f of left.flatMap((r) => r.findings)) byRule.set(f.ruleId ?? 'fatal', (byRule.get(f.ruleId ?? 'fatal') ?? 0) + 1);
  const findings =
    byRule.size > 0
      ? `; their findings: ${[...byRule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([rule, n]) => `${n} <code>${escapeHtml(rule)}</code>`).join(', ')}`
      : '';
  return `<p class="omitted" id="omitted-references">Not listed: ${plural(count, 'bibliography item')} that no article here cites and that ${count === 1 ? 'has' : 'have'} no errors${findings}. Run <code>citemark report --all-references</code> to list every item.</p>`;
}

function filterOptions(map: EvidenceMap, listed: readonly MapReference[]): { rules: string; levels: string } {
  const ruleCounts = new Map<string, number>();
  const every = [
    ...map.articles.flatMap((a) => [...a.claims.flatMap((c) => c.findings), ...a.findings]),
    ...listed.flatMap((r) => r.findings),
  ];
  for (const f of every) ruleCounts.set(f.ruleId ?? 'fatal', (ruleCounts.get(f.ruleId ?? 'fatal') ?? 0) + 1);
  const ruleIds = [...new Set([...map.rules.map((r) => r.id), ...ruleCounts.keys()])].sort();
  const rules = ruleIds
    .map((id) => `<option value="${escapeHtml(id)}">${escapeHtml(id)} (${ruleCounts.get(id) ?? 0})</option>`)
    .join('');
  const present = new Set<EvidenceBucket>([
    ...map.articles.flatMap((a) => a.claims.flatMap((c) => c.citations.map((x) => x.evidence))),
    ...listed.map((r) => r.evidence),
  ]);
  const levels = EVIDENCE_BUCKETS.filter((l) => present.has(l))
    .map((l) => `<option value="${escapeHtml(l)}">${escapeHtml(levelLabel(l))}</option>`)
    .join('');
  return { rules, levels };
}

const STYLE = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--err:#b42318;--warn:#8a5a00;
--strong:#2e7d32;--moderate:#00796b;--review:#3559b7;--weak:#c25e00;--unclassified:#6e7781;--unresolved:#b42318}
*{box-sizing:border-box}
html{scroll-padding-top:5.5rem}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header,main,.filters-inner{max-width:1240px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.25rem;margin:28px 0 2px}
h3{font-size:1rem;margin:16px 0 6px}
code{font:0.86em/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 3px;border-radius:3px;overflow-wrap:break-word}
.summary,.meta{color:var(--muted);margin:0 0 8px}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin:6px 0 10px;padding:0;list-style:none;font-size:.85rem;color:var(--muted)}
.legend li::before{content:"";display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;background:var(--c)}
nav ul{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0;padding:0;list-style:none}
.filters{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.97);border-bottom:1px solid var(--line);border-top:1px solid var(--line);margin-top:10px}
.filters-inner{display:flex;flex-wrap:wrap;align-items:center;gap:8px 18px;padding-top:8px;padding-bottom:8px}
.filters label{display:flex;align-items:center;gap:6px;font-weight:600;font-size:.9rem}
.filters select{font:inherit;font-weight:400;padding:3px 6px;max-width:60vw}
#filter-status{color:var(--muted);font-size:.9rem;margin-left:auto}
.chart-box{margin:8px 0 10px}
.chart-box figcaption{color:var(--muted);font-size:.8rem}
svg.chart{max-width:100%;height:auto;display:block}
svg.chart text{font-size:12px;fill:var(--fg)}
svg.chart .count{fill:var(--muted)}
.s-strong{--c:var(--strong)}.s-moderate{--c:var(--moderate)}.s-review{--c:var(--review)}.s-weak{--c:var(--weak)}.s-unclassified{--c:var(--unclassified)}.s-unresolved{--c:var(--unresolved)}
svg.chart rect{fill:var(--c)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem;table-layout:fixed}
td,th{overflow-wrap:anywhere}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding:4px 0}
th,td{border-top:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft);font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);border-top:0}
table.claims th[scope=row]{font-weight:400;color:var(--muted);font-variant-numeric:tabular-nums}
table.claims col.c-line{width:4.5em}table.claims col.c-claim{width:44%}table.claims col.c-cites{width:26%}
table.references col.r-key{width:15%}table.references col.r-ref{width:29%}table.references col.r-level{width:10%}
table.references col.r-topics{width:12%}table.references col.r-cited{width:14%}table.references col.r-findings{width:20%}
.omitted{color:var(--muted);font-size:.9rem}
tr.has-error>th[scope=row]{box-shadow:inset 3px 0 var(--err)}
tr.has-warning>th[scope=row]{box-shadow:inset 3px 0 var(--warn)}
tr.uncited .text{font-style:italic}
tr[hidden]{display:none!important}
.section,.claim-topics,.where,.topics,.note{display:block;color:var(--muted);font-size:.8rem}
.section{font-weight:600}
.where{display:inline}
ul.cites,ul.findings,ul.plain{margin:0;padding:0;list-style:none}
ul.cites li+li,ul.findings li+li{margin-top:4px}
.level{display:inline-block;font-size:.75rem;line-height:1.3;padding:0 6px;border-radius:9px;color:#fff;background:var(--c);white-space:nowrap}
.locator{color:var(--muted);font-size:.85em}
.sev{display:inline-block;font-size:.72rem;font-weight:700;text-transform:uppercase;padding:0 4px;border-radius:3px;color:#fff}
.sev-error .sev{background:var(--err)}.sev-warning .sev{background:var(--warn)}
.rule{font-weight:600}
.pos{color:var(--muted);font-variant-numeric:tabular-nums}
.none{color:var(--muted)}
.retracted{color:#fff;background:var(--err);font-size:.75rem;padding:0 5px;border-radius:3px}
footer{max-width:1240px;margin:30px auto;padding:0 20px;color:var(--muted);font-size:.8rem}
@media (max-width:720px){
 body{font-size:14px}
 header,main,.filters-inner{padding:0 12px}
 .filters{position:static}
 #filter-status{margin-left:0;width:100%}
 table,thead,tbody,tr,th,td,caption{display:block;width:auto!important}
 thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 code{overflow-wrap:anywhere}
 tr{border-top:2px solid var(--line);padding:6px 0 6px 10px}
 tr.has-error{box-shadow:inset 3px 0 var(--err)}
 tr.has-warning{box-shadow:inset 3px 0 var(--warn)}
 tr>th[scope=row]{box-shadow:none!important}
 th,td{border:0;padding:3px 0}
 th[scope=row]::before,td::before{content:attr(data-label);display:block;font-size:.72rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
 th[scope=row]::before{display:inline;margin-right:6px}
 td.empty-cell{display:none}
 tr.empty td::before{content:none}
}
`;

const SCRIPT = `
(function () {
  var rule = document.getElementById('filter-rule');
  var level = document.getElementById('filter-level');
  var only = document.getElementById('filter-findings');
  var status = document.getElementById('filter-status');
  function has(list, value) { return (' ' + list + ' ').indexOf(' ' + value + ' ') !== -1; }
  function apply() {
    var r = rule.value, l = level.value, f = only.checked;
    var shown = { claim: 0, sentence: 0, reference: 0 }, total = { claim: 0, sentence: 0, reference: 0 };
    var bodies = document.querySelectorAll('tbody[data-filterable]');
    for (var i = 0; i < bodies.length; i++) {
      var rows = bodies[i].querySelectorAll('tr[data-row]');
      var visible = 0;
      for (var j = 0; j < rows.length; j++) {
        var row = rows[j], d = row.dataset;
        var ok = (!r || has(d.rules, r)) && (!l || has(d.levels, l)) && (!f || d.findings === '1');
        row.hidden = !ok;
        total[d.row]++;
        if (ok) { shown[d.row]++; visible++; }
      }
      var empty = bodies[i].querySelector('tr.empty');
      if (empty) empty.hidden = visible > 0;
    }
    var parts = [shown.claim + ' of ' + total.claim + ' claims'];
    if (total.sentence > 0) parts.push(shown.sentence + ' of ' + total.sentence + ' uncited sentences with findings');
    parts.push(shown.reference + ' of ' + total.reference + ' references');
    status.textContent = 'Showing ' + parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1];
  }
  rule.addEventListener('change', apply);
  level.addEventListener('change', apply);
  only.addEventListener('change', apply);
  document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();
`;

export interface EvidenceMapHtmlOptions {
  /**
   * List every bibliography item. By default the references table lists the
   * items the articles cite and those with errors, and counts the rest: a
   * library of thousands of items, most of them cited by other articles,
   * otherwise makes a page of megabytes.
   */
  allReferences?: boolean;
}

/** The whole page. Same map, same bytes. */
export function renderEvidenceMapHtml(map: EvidenceMap, options: EvidenceMapHtmlOptions = {}): string {
  const references = new Map(map.references.map((r) => [r.id, r]));
  const listed = options.allReferences ? map.references : map.references.filter((r) => r.citedBy.length > 0 || r.findings.some((f) => f.severity === 'error'));
  const s = map.summary;
  const uncited = map.articles.reduce((n, a) => n + a.claims.filter((c) => !c.cited).length, 0);
  const cited = map.references.filter((r) => r.citedBy.length > 0).length;
  const summary = [
    plural(s.articles, 'article'),
    plural(s.claims, 'claim'),
    ...(uncited > 0 ? [`${plural(uncited, 'uncited sentence')} with findings`] : []),
    plural(s.citations, 'citation'),
    `${plural(s.references, 'bibliography item')} (${cited} cited)`,
    plural(s.errors, 'error'),
    plural(s.warnings, 'warning'),
  ].join(' · ');
  const { rules, levels } = filterOptions(map, listed);
  const omitted = omittedReferences(map.references.length - listed.length, map.references.filter((r) => !listed.includes(r)));
  const legend = (Object.keys(STRENGTH_LABELS) as Strength[])
    .map((k) => `<li class="s-${k}">${escapeHtml(STRENGTH_LABELS[k])}</li>`)
    .join('');
  const nav = [
    ...map.articles.map((a, i) => `<li><a href="#article-${i}">${escapeHtml(a.title ?? a.file)}</a></li>`),
    '<li><a href="#references">References</a></li>',
    ...(map.otherFindings.length > 0 ? ['<li><a href="#other-findings">Other findings</a></li>'] : []),
  ].join('');
  const other =
    map.otherFindings.length > 0
      ? `<section id="other-findings" aria-labelledby="other-findings-title"><h2 id="other-findings-title">Other findings</h2>` +
        map.otherFindings.map((o) => `<h3><code>${escapeHtml(o.file)}</code></h3>${findingsList(o.findings, true)}`).join('') +
        `</section>`
      : '';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="citemark ${escapeHtml(map.generator.version)}">
<title>Evidence map</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Evidence map</h1>
<p class="summary">${summary}</p>
<ul class="legend" aria-label="Evidence level colours">${legend}</ul>
<nav aria-label="Sections"><ul>${nav}</ul></nav>
</header>
<form id="filters" class="filters" role="search" aria-label="Filter claims and references"><div class="filters-inner">
<label for="filter-rule">Rule <select id="filter-rule"><option value="">Any</option>${rules}</select></label>
<label for="filter-level">Evidence level <select id="filter-level"><option value="">Any</option>${levels}</select></label>
<label for="filter-findings"><input type="checkbox" id="filter-findings"> Only claims and references with findings</label>
<output id="filter-status" for="filter-rule filter-level filter-findings" aria-live="polite"></output>
</div></form>
<main>
${map.articles.map((a, i) => articleSection(a, i, references)).join('\n')}
<section id="references" aria-labelledby="references-title">
<h2 id="references-title">References</h2>
<p class="meta">Evidence level of each item, its topics, where it is cited, and findings about it.</p>
<div class="table-wrap"><table class="references">
<caption>${listed.length === map.references.length ? plural(map.references.length, 'bibliography item') : `${listed.length} of ${plural(map.references.length, 'bibliography item')}: those cited, and those with errors`}</caption>
<colgroup><col class="r-key"><col class="r-ref"><col class="r-level"><col class="r-topics"><col class="r-cited"><col class="r-findings"></colgroup>
<thead><tr><th scope="col">Key</th><th scope="col">Reference</th><th scope="col">Evidence</th><th scope="col">Topics</th><th scope="col">Cited in</th><th scope="col">Findings</th></tr></thead>
<tbody data-filterable>${listed.map(referenceRow).join('')}<tr class="empty"${listed.length > 0 ? ' hidden' : ''}><td colspan="6">No references match the filters.</td></tr></tbody>
</table></div>${omitted}
</section>
${other}
</main>
<footer>Generated by citemark ${escapeHtml(map.generator.version)}.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
