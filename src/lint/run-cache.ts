/**
 * What `lint --cache` reads before a run and writes after it, for one run
 * key (see `runFingerprint`): each unchanged article's findings, the
 * bibliography rules' findings, the bibliography's duplicate groups and the
 * suggestion rankings. Without `--cache` every step is a no-op, so the
 * project linter reads the same either way.
 */
import { bibliographyFingerprint } from '../bibliography/load.js';
import type { Bibliography } from '../bibliography/types.js';
import type { Vocabulary } from '../topics/vocabulary.js';
import {
  bibliographyFindingsPath,
  duplicatesPath,
  findingsCacheDir,
  readBibliographyFindings,
  readCachedFindings,
  readStoredDuplicates,
  readSuggestionMemo,
  runFingerprint,
  suggestionMemoPath,
  writeBibliographyFindings,
  writeCachedFindings,
  writeStoredDuplicates,
  writeSuggestionMemo,
  type CachedFindings,
} from './cache.js';
import type { CitemarkConfig } from './config.js';
import { restoreDuplicates, storeDuplicates } from './duplicates.js';
import { evidenceContext } from './evidence-context.js';
import type { Linter } from './linter.js';
import { projectArticle, type Finding, type ParsedArticle } from './types.js';
import type { ArticleText } from './workers.js';

export interface RunCache {
  /** Findings from an earlier run, by index in `texts`, for each article whose findings cannot have changed. */
  findingsOf(texts: readonly ArticleText[]): Promise<Map<number, CachedFindings>>;
  /** Stores an article's findings (written by `flush`). */
  keepFindings(article: ParsedArticle, findings: Finding[]): void;
  /** Before any article is linted: seeds the duplicate groups and the suggestion rankings of this bibliography. */
  prepare(bibliography: Bibliography, vocabulary: Vocabulary): Promise<void>;
  /** Gives the linter the bibliography rules' findings: stored ones, or those it makes (then stored). */
  checkBibliography(linter: Linter): Promise<void>;
  /** After the run: writes everything it worked out that was not stored yet. */
  flush(bibliography: Bibliography, vocabulary: Vocabulary): Promise<void>;
}

/** No cache: nothing is read, everything is computed, nothing is written. */
const NO_CACHE: RunCache = {
  findingsOf: async () => new Map(),
  keepFindings: () => undefined,
  prepare: async () => undefined,
  checkBibliography: async (linter) => {
    linter.checkBibliography();
  },
  flush: async () => undefined,
};

export interface RunCacheOptions {
  root: string;
  patterns: string[];
  vocabulary: Vocabulary;
  config: CitemarkConfig;
  quiet: boolean;
  /** Every article must be parsed (`--fix`, `report`): no findings are taken from the cache. */
  parseAll: boolean;
}

export async function openRunCache(enabled: boolean, options: RunCacheOptions): Promise<RunCache> {
  if (!enabled) return NO_CACHE;
  const { root, vocabulary, config, quiet } = options;
  const run = runFingerprint({ bibliography: await bibliographyFingerprint(root, options.patterns), vocabulary, config, quiet });
  const findingsDir = findingsCacheDir(root);
  const memoPath = suggestionMemoPath(root, run);
  const duplicatesFile = duplicatesPath(root, run);
  const bibliographyPath = bibliographyFindingsPath(root, run);
  const writes: Array<Promise<void>> = [];
  let rankedBefore = 0;
  let duplicatesRestored = false;
  return {
    async findingsOf(texts) {
      const found = new Map<number, CachedFindings>();
      if (options.parseAll) return found;
      const hits = await Promise.all(texts.map((t) => readCachedFindings(findingsDir, run, t.file, t.source)));
      hits.forEach((hit, k) => {
        if (hit) found.set(k, hit);
      });
      return found;
    },
    keepFindings(article, findings) {
      const entry: CachedFindings = { findings, citedKeys: [...projectArticle(article).citedKeys], ...(article.problems ? { problems: article.problems } : {}) };
      writes.push(writeCachedFindings(findingsDir, run, article.file, article.source, entry));
    },
    async prepare(bibliography, vocabulary) {
      // A warm run that re-lints one article would otherwise find the bibliography's duplicates again for duplicate-citation.
      const [stored, memo] = await Promise.all([readStoredDuplicates(duplicatesFile, run), readSuggestionMemo(memoPath)]);
      duplicatesRestored = stored !== undefined && restoreDuplicates(bibliography, stored);
      rankedBefore = memo?.size ?? 0;
      evidenceContext(bibliography, vocabulary, memo);
    },
    async checkBibliography(linter) {
      const hit = await readBibliographyFindings(bibliographyPath, run);
      if (hit) linter.addFindings(hit);
      else writes.push(writeBibliographyFindings(bibliographyPath, run, linter.checkBibliography()));
    },
    async flush(bibliography, vocabulary) {
      const { memo } = evidenceContext(bibliography, vocabulary);
      if (memo.size !== rankedBefore) writes.push(writeSuggestionMemo(memoPath, memo));
      const found = duplicatesRestored ? undefined : storeDuplicates(bibliography);
      if (found !== undefined) writes.push(writeStoredDuplicates(duplicatesFile, run, found));
      await Promise.all(writes.splice(0));
    },
  };
}
