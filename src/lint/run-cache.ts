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
  findingsPackPath,
  packFindings,
  readBibliographyFindings,
  readFindingsPack,
  readStoredDuplicates,
  readSuggestionMemo,
  runFingerprint,
  suggestionMemoPath,
  unpackFindings,
  writeBibliographyFindings,
  writeFindingsPack,
  writeStoredDuplicates,
  writeSuggestionMemo,
  type CachedFindings,
  type FindingsPack,
  type PackedFindings,
} from './cache.js';
import type { CitemarkConfig } from '../document/config.js';
import { restoreDuplicates, storeDuplicates } from '../bibliography/duplicate-index.js';
import { evidenceContext } from '../topics/evidence-context.js';
import type { Linter } from './linter.js';
import type { Finding, ParsedArticle } from './types.js';
import type { ArticleText } from './workers.js';

export interface RunCache {
  /** Findings from an earlier run, by index in `texts`, for each article whose findings cannot have changed. */
  findingsOf(texts: readonly ArticleText[]): Promise<Map<number, CachedFindings>>;
  /** Stores an article's findings and the keys it cites (written by `flush`). */
  keepFindings(article: ParsedArticle, findings: Finding[], citedKeys: readonly string[]): void;
  /** Before any article is linted: seeds the duplicate groups and the suggestion rankings of this bibliography. */
  prepare(bibliography: Bibliography, vocabulary: Vocabulary): Promise<void>;
  /** Gives the linter the bibliography rules' findings: stored ones, or those it makes (then stored). */
  checkBibliography(linter: Linter): Promise<void>;
  /** After the run: writes everything it worked out that was not stored yet. */
  flush(bibliography: Bibliography, vocabulary: Vocabulary): Promise<void>;
}

/** No cache: nothing is read, everything is computed, nothing is written. */
const NO_CACHE: RunCache = {
  findingsOf: () => Promise.resolve(new Map()),
  keepFindings: () => undefined,
  prepare: () => Promise.resolve(),
  checkBibliography: (linter) => {
    linter.checkBibliography();
    return Promise.resolve();
  },
  flush: () => Promise.resolve(),
};

export interface RunCacheOptions {
  root: string;
  patterns: string[];
  vocabulary: Vocabulary;
  config: CitemarkConfig;
  quiet: boolean;
  /** Every article must be parsed (`--fix`, `report`): no findings are taken from the cache. */
  parseAll: boolean;
  /** The run covers every article of the project: the findings of articles it did not see (deleted or renamed) are dropped. */
  allArticles: boolean;
}

export async function openRunCache(enabled: boolean, options: RunCacheOptions): Promise<RunCache> {
  if (!enabled) return NO_CACHE;
  const { root, vocabulary, config, quiet } = options;
  const run = runFingerprint({ bibliography: await bibliographyFingerprint(root, options.patterns), vocabulary, config, quiet });
  const packPath = findingsPackPath(root, run);
  let stored: FindingsPack = { entries: new Map() };
  /** This run's entries: those it took from the pack and those it made. */
  const current = new Map<string, PackedFindings>();
  let packChanged = false;
  const memoPath = suggestionMemoPath(root, run);
  const duplicatesFile = duplicatesPath(root, run);
  const bibliographyPath = bibliographyFindingsPath(root, run);
  const writes: Array<Promise<void>> = [];
  let rankedBefore = 0;
  let duplicatesRestored = false;
  return {
    async findingsOf(texts) {
      const found = new Map<number, CachedFindings>();
      stored = await readFindingsPack(packPath, run);
      if (options.parseAll) return found;
      texts.forEach((text, k) => {
        const hit = unpackFindings(stored, run, text.file, text.source);
        if (!hit) return;
        found.set(k, hit.findings);
        current.set(hit.key, hit.packed);
      });
      return found;
    },
    keepFindings(article, findings, citedKeys) {
      const entry: CachedFindings = { findings, citedKeys: [...citedKeys] };
      const { key, packed } = packFindings(run, article.file, article.source, entry);
      if (!stored.entries.has(key)) packChanged = true;
      current.set(key, packed);
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
      // A run over some of the articles keeps the others' entries, except older ones for the articles it saw.
      const seen = new Set([...current.values()].map((entry) => entry.file));
      const kept = options.allArticles ? [] : [...stored.entries].filter(([key, entry]) => !current.has(key) && !seen.has(entry.file));
      if (packChanged || current.size + kept.length !== stored.entries.size) {
        writes.push(writeFindingsPack(packPath, run, { entries: new Map([...current, ...kept]) }));
      }
      await Promise.all(writes.splice(0));
    },
  };
}
