/**
 * Parses many articles at once: from the parse cache where it has them, and
 * otherwise on worker threads when there is enough text to repay starting
 * them. The outcome is the same, in the same order, whatever the thread
 * count: each worker runs the same `parseArticle` and hands back the
 * article in V8's serialization format, which rebuilds it exactly. Articles
 * come back without their tree (see `ParsedArticle.tree`), however parsed.
 *
 * Outcomes are also handed to `onOutcome` as each batch arrives, so the
 * caller can lint early articles while later ones are still being parsed.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../document/article.js';
import { articleCacheDir, articleCacheKey, articleFromEntry, encodeArticle, readCachedArticle, writeCachedArticle } from './cache.js';
import type { ParsedArticle } from './types.js';

export interface ArticleText {
  /** Relative to the project root, `/`-separated. */
  file: string;
  source: string;
}

/** `too-deep`: remark ran out of stack on pathological nesting (the caller turns it into a finding). */
export type ParseOutcome = { ok: true; article: ParsedArticle } | { ok: false; file: string; reason: 'too-deep' };

export interface ParseArticlesOptions {
  /** Worker threads to use; 1 parses on the calling thread. Default {@link defaultParseThreads}. */
  threads?: number;
  /** The project root whose `.citemark/cache/` to read and fill; no cache when absent. */
  cacheRoot?: string;
  /** Below this much uncached text (UTF-16 units) the articles are parsed on the calling thread, since starting workers costs more. */
  minParallelChars?: number;
  /** The worker entry; default the built `parse-worker.js` beside this module (tests running from source point at `dist/`). */
  workerFile?: string;
  /** Called once per article as soon as its outcome is known (in no particular order), with its index in `texts`. */
  onOutcome?: (index: number, outcome: ParseOutcome) => void;
}

/** What one worker task carries: the articles, and whether their entries are for the cache (which needs their keys). */
export interface ParseTask {
  articles: ArticleText[];
  keyed?: boolean;
}

/** What one worker task returns: every article's entry bytes, back to back in one transferred buffer. */
export interface ParseTaskResult {
  buffer: ArrayBuffer;
  /** Byte length of each article's entry, in task order; -1 for an article that was too deep to parse. */
  lengths: number[];
  /** For a keyed task: each entry's cache key, in task order ('' for an article that was too deep). */
  keys?: string[];
}

const DEFAULT_MIN_PARALLEL_CHARS = 256 * 1024;
/** Tasks per thread: several, so the first results arrive early, and so a thread that finishes early takes more. */
const TASKS_PER_THREAD = 8;
/** No task smaller than this much text (UTF-16 units): each costs a round trip between threads. */
const MIN_TASK_CHARS = 64 * 1024;

/** The machine's parallelism, at most 8 (the CLI's `--threads` overrides it). */
export function defaultParseThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** Parses one article, turning remark's stack overflow into an outcome. */
export function parseOne(text: ArticleText): ParseOutcome {
  try {
    return { ok: true, article: parseArticle(text.file, text.source, { keepTree: false }) };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, file: text.file, reason: 'too-deep' };
    throw error;
  }
}

/** The built worker entry beside this module, or undefined when running from source (tests), where workers cannot load TypeScript. */
function builtWorkerFile(): string | undefined {
  const path = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/** How `parseArticles` will parse these (uncached) articles: on `threads` workers from `worker`, or on the calling thread when `worker` is undefined. */
export function planParse(texts: readonly ArticleText[], options: ParseArticlesOptions = {}): { threads: number; worker?: string } {
  let chars = 0;
  let largest = 0;
  for (const t of texts) {
    chars += t.source.length;
    if (t.source.length > largest) largest = t.source.length;
  }
  const threads = Math.min(options.threads ?? defaultParseThreads(), texts.length);
  // What other threads could take off the largest article's parse is the rest of the text: one huge article among
  // small ones finishes no sooner on workers, and starting them costs a third of a second.
  if (threads < 2 || chars - largest < (options.minParallelChars ?? DEFAULT_MIN_PARALLEL_CHARS)) return { threads: 1 };
  const worker = options.workerFile ?? builtWorkerFile();
  return worker === undefined ? { threads: 1 } : { threads, worker };
}

/** Parses every article and returns the outcomes in the order of `texts` (also handed to `onOutcome` as they arrive). */
export async function parseArticles(texts: readonly ArticleText[], options: ParseArticlesOptions = {}): Promise<ParseOutcome[]> {
  const outcomes = new Array<ParseOutcome>(texts.length);
  await streamArticles(
    texts,
    (index, outcome) => {
      outcomes[index] = outcome;
      options.onOutcome?.(index, outcome);
    },
    options,
  );
  return outcomes;
}

/**
 * Parses every article and hands each outcome to `onOutcome` (exactly once,
 * in no particular order) without keeping it: a caller that lints and drops
 * each article holds one batch at a time, not the whole project.
 */
export async function streamArticles(
  texts: readonly ArticleText[],
  onOutcome: (index: number, outcome: ParseOutcome) => void,
  options: Omit<ParseArticlesOptions, 'onOutcome'> = {},
): Promise<void> {
  const cacheDir = options.cacheRoot === undefined ? undefined : articleCacheDir(options.cacheRoot);
  const settled = new Uint8Array(texts.length);
  const settle = (index: number, outcome: ParseOutcome): void => {
    settled[index] = 1;
    onOutcome(index, outcome);
  };
  if (cacheDir !== undefined) {
    const hits = await Promise.all(texts.map((t) => readCachedArticle(cacheDir, t.file, t.source)));
    hits.forEach((article, i) => {
      if (article) settle(i, { ok: true, article });
    });
  }
  const missing = texts.map((_, i) => i).filter((i) => settled[i] === 0);
  const { threads, worker } = planParse(missing.map((i) => texts[i]!), options);

  if (worker === undefined) {
    const writes: Array<Promise<void>> = [];
    for (const i of missing) {
      const outcome = parseOne(texts[i]!);
      if (cacheDir !== undefined && outcome.ok) {
        const key = articleCacheKey(texts[i]!.file, texts[i]!.source);
        writes.push(writeCachedArticle(cacheDir, key, encodeArticle(outcome.article, key)));
      }
      settle(i, outcome);
    }
    await Promise.all(writes);
  } else {
    await parseOnWorkers(worker, threads, texts, missing, settle, cacheDir);
  }
  for (let i = 0; i < texts.length; i++) if (settled[i] === 0) settle(i, { ok: false, file: texts[i]!.file, reason: 'too-deep' });
}

/**
 * Runs of consecutive articles of about equal size, several per thread,
 * all handed out at the start: each worker holds its share of tasks in its
 * queue, so the main thread, busy loading the bibliography or building the
 * rules' indexes on the first article, never keeps a worker waiting for its
 * next task. (With one task held in reserve, a worker sat idle for two
 * seconds of the large benchmark's thirteen while the main thread built the
 * suggestion index.)
 */
async function parseOnWorkers(
  filename: string,
  threads: number,
  texts: readonly ArticleText[],
  missing: number[],
  settle: (index: number, outcome: ParseOutcome) => void,
  cacheDir: string | undefined,
): Promise<void> {
  const pool = await createPool(filename, threads);
  try {
    const chars = missing.reduce((sum, i) => sum + texts[i]!.source.length, 0);
    const parts = Math.max(threads, Math.min(threads * TASKS_PER_THREAD, Math.floor(chars / MIN_TASK_CHARS)));
    const batches = splitBySize(missing, (i) => texts[i]!.source.length, parts);
    const writes: Array<Promise<void>> = [];
    await Promise.all(
      batches.map(async (batch) => {
        const task: ParseTask = { articles: batch.map((i) => texts[i]!), keyed: cacheDir !== undefined };
        const result = (await pool.run(task)) as ParseTaskResult;
        const bytes = new Uint8Array(result.buffer);
        let offset = 0;
        batch.forEach((index, k) => {
          const length = result.lengths[k] ?? -1;
          if (length < 0) {
            settle(index, { ok: false, file: texts[index]!.file, reason: 'too-deep' });
            return;
          }
          const entry = bytes.subarray(offset, offset + length);
          const text = texts[index]!;
          const key = result.keys?.[k];
          if (cacheDir !== undefined && key) writes.push(writeCachedArticle(cacheDir, key, entry));
          settle(index, { ok: true, article: articleFromEntry(entry, text.source) });
          offset += length;
        });
      }),
    );
    await Promise.all(writes);
  } finally {
    await pool.destroy();
  }
}

type Pool = import('tinypool').Tinypool;

async function createPool(filename: string, threads: number): Promise<Pool> {
  const { Tinypool } = await import('tinypool');
  return new Tinypool({
    filename,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: TASKS_PER_THREAD,
    // With atomics a worker takes every queued task in one go and posts no result until it has run them all, so
    // nothing could be linted until parsing ended; through the event loop each result goes back as its task ends.
    useAtomics: false,
    isolateWorkers: false,
    // Close to the main thread's stack, so nesting that overflows there overflows here too. A young generation
    // larger than the default halves how often parsing (which allocates a node per token) stops to collect.
    resourceLimits: { stackSizeMb: 1, maxYoungGenerationSizeMb: 48 },
  });
}

/** Splits `indices` (kept in order) into at most `parts` consecutive runs of about equal total size. */
export function splitBySize(indices: readonly number[], size: (index: number) => number, parts: number): number[][] {
  const total = indices.reduce((sum, i) => sum + size(i), 0);
  const target = total / Math.max(1, parts);
  const out: number[][] = [];
  let current: number[] = [];
  let filled = 0;
  for (const i of indices) {
    current.push(i);
    filled += size(i);
    if (filled >= target * (out.length + 1) && out.length < parts - 1) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
