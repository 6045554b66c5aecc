/**
 * Builds the evidence map from a finished lint run: every claim with its
 * citations, each reference's evidence level and topics, and every finding
 * placed on the sentence or reference it is about.
 */
import type { CslItem, CslName } from '../bibliography/schema.js';
import type { BibEntry } from '../bibliography/types.js';
import type { Sentence } from '../citations/claims.js';
import { evidenceLevelOf } from '../evidence/index.js';
import { evidenceContext, previousInBlock, uncheckedWorks } from '../topics/evidence-context.js';
import type { ProjectLintResult } from '../lint/project.js';
import type { Finding, ParsedArticle } from '../lint/types.js';
import { VERSION } from '../version.js';
import {
  EVIDENCE_BUCKETS,
  type EvidenceBucket,
  type EvidenceMap,
  type LevelCount,
  type MapArticle,
  type MapClaim,
  type MapFileFindings,
  type MapFinding,
  type MapReference,
} from './schema.js';
import { spanOf } from '../util/line-index.js';

/** What the map needs from `lintProject(...)`. */
export type EvidenceMapInput = Pick<ProjectLintResult, 'results' | 'articles' | 'bibliography' | 'vocabulary' | 'rules'>;

export function buildEvidenceMap(result: EvidenceMapInput): EvidenceMap {
  const { bibliography, vocabulary } = result;
  const evidence = evidenceContext(bibliography, vocabulary);
  const findingsByFile = new Map(result.results.map((r) => [r.filePath, r.findings]));
  const levelOfKey = (key: string): EvidenceBucket => {
    const entry = bibliography.byId.get(key);
    return entry ? (evidenceLevelOf(entry.item) ?? 'unclassified') : 'unresolved';
  };

  const articles = [...result.articles]
    .sort((a, b) => compareText(a.file, b.file))
    .map((article, index) => buildArticle(article, index, findingsByFile.get(article.file) ?? [], levelOfKey, evidence.tagger));

  const { references, unplaced } = buildReferences(result, findingsByFile, (item) => evidence.topicsOf(item));

  const articleFiles = new Set(result.articles.map((a) => a.file));
  const bibliographyFiles = new Set(bibliography.entries.map((e) => e.source.file));
  const otherFindings: MapFileFindings[] = [];
  for (const { filePath, findings } of [...result.results].sort((a, b) => compareText(a.filePath, b.filePath))) {
    if (articleFiles.has(filePath) || findings.length === 0) continue;
    const rest = bibliographyFiles.has(filePath) ? (unplaced.get(filePath) ?? []) : findings.map(toMapFinding);
    if (rest.length > 0) otherFindings.push({ file: filePath, findings: rest });
  }

  let errors = 0;
  let warnings = 0;
  for (const r of result.results) {
    for (const f of r.findings) {
      if (f.severity === 'error') errors++;
      else warnings++;
    }
  }

  const citedKeys = new Set(result.articles.flatMap((a) => a.citations.flatMap((c) => c.items.map((i) => i.key))));
  return {
    schemaVersion: 1,
    generator: { name: 'citemark', version: VERSION },
    summary: {
      articles: articles.length,
      references: references.length,
      claims: articles.reduce((n, a) => n + a.counts.claims, 0),
      citations: articles.reduce((n, a) => n + a.counts.citations, 0),
      errors,
      warnings,
      evidenceLevels: countLevels([...citedKeys].map(levelOfKey)),
      unchecked: uncheckedWorks(bibliography, vocabulary, citedKeys).map((w) => w.id),
    },
    rules: [...result.rules].sort((a, b) => compareText(a.id, b.id)).map((r) => ({ id: r.id, description: r.docs.description })),
    articles,
    references,
    otherFindings,
  };
}

type Tagger = ReturnType<typeof evidenceContext>['tagger'];

function buildArticle(
  article: ParsedArticle,
  articleIndex: number,
  findings: readonly Finding[],
  levelOfKey: (key: string) => EvidenceBucket,
  tagger: Tagger,
): MapArticle {
  const { sentences } = article;
  const attached = new Map<number, MapFinding[]>();
  const loose: MapFinding[] = [];
  for (const finding of findings) {
    const index = sentenceContaining(sentences, finding);
    if (index === undefined) {
      loose.push(toMapFinding(finding));
      continue;
    }
    let list = attached.get(index);
    if (!list) attached.set(index, (list = []));
    list.push(toMapFinding(finding));
  }

  const claims: MapClaim[] = [];
  sentences.forEach((sentence, index) => {
    const sentenceFindings = attached.get(index) ?? [];
    if (sentence.citations.length === 0 && sentenceFindings.length === 0) return;
    const context = previousInBlock(sentences, index);
    const topics = tagger.tagSentence(sentence.text, context === undefined ? {} : { context });
    claims.push({
      id: `${articleIndex}-${index}`,
      text: sentence.text,
      cited: sentence.citations.length > 0,
      section: sentence.section,
      context: sentence.context,
      ...spanOf(sentence.position),
      topics: topics.topics,
      topicsFromContext: topics.fromContext,
      citations: sentence.citations.flatMap((citation) =>
        citation.items.map((item) => ({
          key: item.key,
          resolved: levelOfKey(item.key) !== 'unresolved',
          evidence: levelOfKey(item.key),
          mode: citation.mode,
          prefix: item.prefix,
          locator: item.locator,
          suffix: item.suffix,
          line: item.position.start.line,
          column: item.position.start.column,
        })),
      ),
      findings: sentenceFindings,
    });
  });

  const keys = new Set(article.citations.flatMap((c) => c.items.map((i) => i.key)));
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else warnings++;
  }
  return {
    file: article.file,
    title: articleTitle(article),
    counts: {
      claims: claims.filter((c) => c.cited).length,
      citations: article.citations.reduce((n, c) => n + c.items.length, 0),
      errors,
      warnings,
    },
    evidenceLevels: countLevels([...keys].map(levelOfKey)),
    claims,
    findings: loose,
  };
}

/**
 * The sentence whose span holds the finding's start. Sentences come in
 * document order, so the candidate is the last one starting at or before
 * it; a finding right at a sentence's end (a citation's closing bracket) still
 * belongs to it.
 */
function sentenceContaining(sentences: readonly Sentence[], finding: Finding): number | undefined {
  const at = { line: finding.line, column: finding.column };
  let lo = 0;
  let hi = sentences.length - 1;
  let candidate = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (comparePoints(sentences[mid]!.position.start, at) <= 0) {
      candidate = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // A citation opening a block pulls its sentence's start back, so spans can nest by a little; the holder is near.
  for (let i = candidate; i >= 0 && i >= candidate - 3; i--) {
    const { start, end } = sentences[i]!.position;
    if (comparePoints(start, at) <= 0 && comparePoints(at, end) <= 0) return i;
  }
  return undefined;
}

function comparePoints(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}

function articleTitle(article: ParsedArticle): string | null {
  const fromFrontMatter = article.frontMatter.title;
  if (typeof fromFrontMatter === 'string' && fromFrontMatter.trim() !== '') return fromFrontMatter.trim();
  const heading = article.sentences.find((s) => s.context === 'heading' && s.text !== '');
  return heading ? heading.text : null;
}

function buildReferences(
  result: EvidenceMapInput,
  findingsByFile: ReadonlyMap<string, readonly Finding[]>,
  topicsOf: (item: CslItem) => { topics: string[]; inferred: boolean },
): { references: MapReference[]; unplaced: Map<string, MapFinding[]> } {
  const { bibliography } = result;
  const citedBy = new Map<string, Map<string, number>>();
  for (const article of result.articles) {
    for (const citation of article.citations) {
      for (const { key } of citation.items) {
        let files = citedBy.get(key);
        if (!files) citedBy.set(key, (files = new Map<string, number>()));
        files.set(article.file, (files.get(article.file) ?? 0) + 1);
      }
    }
  }

  // A bibliography finding points at the line where its item starts; one file may hold many items.
  const entriesByFile = new Map<string, BibEntry[]>();
  for (const entry of bibliography.entries) {
    let entries = entriesByFile.get(entry.source.file);
    if (!entries) entriesByFile.set(entry.source.file, (entries = []));
    entries.push(entry);
  }
  const placed = new Map<string, MapFinding[]>();
  const unplaced = new Map<string, MapFinding[]>();
  const add = (target: Map<string, MapFinding[]>, key: string, finding: MapFinding) => {
    let list = target.get(key);
    if (!list) target.set(key, (list = []));
    list.push(finding);
  };
  for (const [file, entries] of entriesByFile) {
    const byLine = [...entries].sort((a, b) => a.source.line - b.source.line);
    for (const finding of findingsByFile.get(file) ?? []) {
      const owner = lastStartingBy(byLine, finding.line);
      if (owner) add(placed, owner.item.id, toMapFinding(finding));
      else add(unplaced, file, toMapFinding(finding));
    }
  }

  const references = [...bibliography.entries]
    .sort((a, b) => compareText(a.item.id, b.item.id))
    .map(({ item, source }): MapReference => {
      const level = evidenceLevelOf(item);
      const topics = topicsOf(item);
      return {
        id: item.id,
        type: item.type,
        title: item.title?.trim() || null,
        authors: shortAuthors(item.author ?? item.editor ?? []),
        year: yearOf(item),
        evidence: level ?? 'unclassified',
        evidenceSource: item.evidence ? 'field' : level ? 'type' : 'none',
        topics: [...topics.topics],
        topicsInferred: topics.inferred,
        retracted: item.retracted !== undefined,
        file: source.file,
        line: source.line,
        citedBy: [...(citedBy.get(item.id) ?? new Map<string, number>())]
          .sort(([a], [b]) => compareText(a, b))
          .map(([file, count]) => ({ file, count })),
        findings: placed.get(item.id) ?? [],
      };
    });
  return { references, unplaced };
}

/** The last entry (sorted by line) that starts at or before `line`. */
function lastStartingBy(entries: readonly BibEntry[], line: number): BibEntry | undefined {
  let lo = 0;
  let hi = entries.length - 1;
  let found: BibEntry | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.source.line <= line) {
      found = entries[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function shortAuthors(names: readonly CslName[]): string | null {
  const formatted = names.map(formatName).filter((n) => n !== '');
  if (formatted.length === 0) return null;
  return formatted.length > 3 ? `${formatted.slice(0, 3).join(', ')}, et al.` : formatted.join(', ');
}

function formatName(name: CslName): string {
  if (name.literal) return name.literal.trim();
  const family = [name['non-dropping-particle'], name.family].filter(Boolean).join(' ').trim();
  const initials = (name.given ?? '')
    .split(/[\s.-]+/u)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase())
    .join('');
  return [family, initials].filter(Boolean).join(' ');
}

function yearOf(item: CslItem): number | null {
  const first = item.issued?.['date-parts']?.[0]?.[0];
  const year = typeof first === 'number' ? first : Number.parseInt(String(first ?? ''), 10);
  return Number.isInteger(year) ? year : null;
}

function countLevels(levels: readonly EvidenceBucket[]): LevelCount[] {
  const counts = new Map<EvidenceBucket, number>();
  for (const level of levels) counts.set(level, (counts.get(level) ?? 0) + 1);
  return EVIDENCE_BUCKETS.filter((level) => counts.has(level)).map((level) => ({ level, count: counts.get(level)! }));
}

function toMapFinding(finding: Finding): MapFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity === 'error' ? 'error' : 'warning',
    messageId: finding.messageId,
    message: finding.message,
    line: finding.line,
    column: finding.column,
    ...(finding.endLine !== undefined ? { endLine: finding.endLine } : {}),
    ...(finding.endColumn !== undefined ? { endColumn: finding.endColumn } : {}),
    suggestions: (finding.suggestions ?? []).map((s) => s.desc),
  };
}

/** Code-unit order, so the map is the same whatever the machine's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
