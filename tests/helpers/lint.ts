import { cslItemSchema, type CslInput } from '../../src/bibliography/schema.js';
import type { Bibliography, BibEntry, LoadProblem } from '../../src/bibliography/types.js';
import { parseArticle } from '../../src/document/article.js';
import { DEFAULT_CONFIG, type CitemarkConfig } from '../../src/document/config.js';
import { lint } from '../../src/lint/linter.js';
import type { Finding, ParsedArticle, Rule } from '../../src/lint/types.js';

/** A bibliography built in memory: item i is at `references/<id>.yaml:1`. */
export function makeBibliography(items: CslInput[], problems: LoadProblem[] = []): Bibliography {
  const entries: BibEntry[] = items.map((raw) => {
    const item = cslItemSchema.parse(raw);
    return { item, source: { file: `references/${item.id}.yaml`, line: 1, column: 1 } };
  });
  return {
    entries,
    rejected: [],
    byId: new Map(entries.map((e) => [e.item.id, e])),
    problems,
    files: entries.map((e) => e.source.file),
  };
}

export function journalArticle(id: string, extra: Partial<CslInput> = {}): CslInput {
  return {
    id,
    type: 'article-journal',
    title: `A study called ${id}`,
    author: [{ family: 'Smith', given: 'Ann' }],
    issued: { 'date-parts': [[2020]] },
    'container-title': 'Pain Medicine',
    ...extra,
  };
}

export function makeArticle(source: string, file = 'articles/test.md'): ParsedArticle {
  return parseArticle(file, source);
}

/** Runs one rule (at its default severity unless the config says otherwise) and returns every finding. */
export function runRule(
  rule: Rule,
  input: { articles?: (string | ParsedArticle)[]; items?: CslInput[]; bibliography?: Bibliography; allArticles?: boolean; config?: CitemarkConfig },
): Finding[] {
  const articles = (input.articles ?? []).map((a, i) => (typeof a === 'string' ? makeArticle(a, `articles/a${i}.md`) : a));
  const bibliography = input.bibliography ?? makeBibliography(input.items ?? []);
  const byFile = lint({ articles, bibliography, config: input.config ?? DEFAULT_CONFIG, allArticles: input.allArticles ?? true, rules: [rule] });
  return [...byFile.values()].flat();
}
