/**
 * Renders many articles at once: on the calling thread, or on worker threads
 * when there are enough articles to repay starting them. The outcome is the
 * same, in the same order, whatever the thread count: every worker runs the
 * same renderer over the same bibliography and styles, and an article's
 * output depends only on the article (the caches behind the renderer hold
 * only what does not depend on the rest of an article).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CslItem } from '../bibliography/schema.js';
import type { SharedEntries, StyleInput } from '../format/csl.js';
import type { OutputKind } from './markup.js';
import { createRenderer, type Renderer } from './renderer.js';
import type { BibliographyInput } from './transform.js';

/** One article to render, with the name of its style (a key of {@link RenderSetup.styles}). */
export interface RenderJob {
  /** Relative to the project root, `/`-separated; the HTML title when the article has none. */
  file: string;
  source: string;
  style: string;
}

/** What rendering one article gives back to the project. */
export interface RenderedArticle {
  output: string;
  /** Unknown citation keys, where they are, in document order. */
  unresolved: { key: string; line: number; column: number }[];
  warnings: string[];
}

/** Everything every article is rendered with; sent once to each worker. */
export interface RenderSetup {
  /** The bibliography by citation key. */
  items: ReadonlyMap<string, CslItem>;
  /** Styles by the name jobs use: a built-in style name or a loaded style. */
  styles: Record<string, StyleInput>;
  locale?: string;
  to: OutputKind;
}

export interface RenderArticlesOptions {
  /** Worker threads to use; 1 renders on the calling thread. Default {@link defaultRenderThreads}. */
  threads?: number;
  /** Below this many articles they are rendered on the calling thread, since starting workers costs more. */
  minParallelArticles?: number;
  /** The worker entry; default the built `render-worker.js` beside this module (tests running from source point at `dist/`). */
  workerFile?: string;
  /** Each worker's old-generation limit in MB; default {@link workerHeapLimitMb} of the bibliography and styles. */
  workerHeapMb?: number;
}

/** What one worker task carries: a run of articles, and what other workers have added to their caches meanwhile. */
export interface RenderTask {
  jobs: RenderJob[];
  shared: SharedEntries;
}

/** What one worker task returns: the articles, what it added to its caches, and which thread it ran on. */
export interface RenderTaskResult {
  articles: RenderedArticle[];
  shared: SharedEntries;
  thread: number;
}

/**
 * Starting a worker costs about as much as rendering a few dozen articles
 * (loading the modules, building each style's citeproc engine again).
 */
const DEFAULT_MIN_PARALLEL_ARTICLES = 48;
/** A task is at most this share of what is left per thread, so the threads finish close together. */
const TASKS_PER_THREAD = 4;
/** Articles per task: at least a few, so the round trips between threads stay few; at most a few dozen, so the threads share their caches often. */
const MIN_TASK_ARTICLES = 4;
const MAX_TASK_ARTICLES = 32;
/**
 * Each worker's young generation. At 128 MB every worker kept all 128 MB committed for the whole render; at 48 MB
 * a render of 100 articles on a 20,000-item bibliography peaked at 604 MiB instead of 782 MiB, for the same CPU time
 * within the noise of a busy machine. At 32 MB a render of 2,000 articles peaked about 23 MB lower again than at 48 MB
 * (under the old-generation limit below), for the same CPU time.
 */
const YOUNG_GENERATION_MB = 32;

/**
 * What a render worker keeps alive, in MB, by the bibliography's size: its
 * copy of the items, each style's citeproc engine (APA's is about 90 MB:
 * expanding its sort macros compiles about 70,000 tokens), and the caches
 * behind the renderer, which grow with the distinct works the worker
 * formats (about 6 KB each). Measured on 20,000 generated items and 2,000
 * articles, where a copy took about 3 KB an item, some 6 bytes for each
 * character of its values: the copies are counted from the items' own text
 * (`textChars`, see {@link itemTextChars}), so a real library whose items
 * carry long abstracts gets the room they take, not a limit they overrun.
 */
function workerLiveMb(items: number, styles: number, textChars: number): number {
  const copiesKb = Math.max(3 * items, (6 * textChars) / 1024);
  return 96 + 96 * styles + (9 * items + copiesKb) / 1024;
}

/**
 * Each worker's old-generation limit: half as much again as it keeps alive,
 * and at least 512 MB. The limit is what keeps a worker small: V8 lets a
 * heap grow to four times what survived its last full collection when the
 * limit is 2 GB or more (a worker's default here), and to about 1.4 times
 * near 512 MB. On 2,000 articles and 20,000 items two workers under the
 * default peaked at 1.85 GB, under 512 MB at 1.0 GB, for no more CPU time.
 * A worker that runs out all the same fails the render, saying so.
 */
export function workerHeapLimitMb(items: number, styles: number, textChars = 0): number {
  return Math.max(512, Math.ceil((1.5 * workerLiveMb(items, styles, textChars)) / 64) * 64);
}

/** The characters in the items' values (strings as written, 8 for any other value or key): what their copies hold. */
export function itemTextChars(items: Iterable<unknown>): number {
  let chars = 0;
  const walk = (value: unknown): void => {
    if (typeof value === 'string') chars += value.length;
    else if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        chars += key.length;
        walk(v);
      }
    } else chars += 8;
  };
  for (const item of items) walk(item);
  return chars;
}

/** The machine's parallelism, at most 8 (the CLI's `--threads N` overrides it). */
export function defaultRenderThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** Renders articles with one renderer per style, created on first use. */
export class ArticleRenderer {
  private readonly renderers = new Map<string, Renderer>();

  constructor(
    private readonly bibliography: BibliographyInput,
    private readonly setup: Omit<RenderSetup, 'items'>,
  ) {}

  render(job: RenderJob): RenderedArticle {
    let renderer = this.renderers.get(job.style);
    if (!renderer) {
      const style = this.setup.styles[job.style];
      if (style === undefined) throw new Error(`No style \`${job.style}\` was loaded for ${job.file}.`);
      renderer = createRenderer({ bibliography: this.bibliography, style, ...(this.setup.locale !== undefined ? { locale: this.setup.locale } : {}) });
      this.renderers.set(job.style, renderer);
    }
    const rendered = renderer.renderArticle(job.source, { to: this.setup.to, fallbackTitle: job.file });
    return {
      output: rendered.output,
      unresolved: rendered.unresolved.map((item) => ({ key: item.key, line: item.position.start.line, column: item.position.start.column })),
      warnings: rendered.warnings,
    };
  }
}

/** The built worker entry beside this module, or undefined when running from source (tests), where workers cannot load TypeScript. */
function builtWorkerFile(): string | undefined {
  const path = fileURLToPath(new URL('./render-worker.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/** How `renderArticles` will render these jobs: on `threads` workers from `worker`, or on the calling thread when `worker` is undefined. */
export function planRender(jobs: readonly RenderJob[], options: RenderArticlesOptions = {}): { threads: number; worker?: string } {
  const threads = Math.min(options.threads ?? defaultRenderThreads(), Math.ceil(jobs.length / MIN_TASK_ARTICLES));
  if (threads < 2 || jobs.length < (options.minParallelArticles ?? DEFAULT_MIN_PARALLEL_ARTICLES)) return { threads: 1 };
  const worker = options.workerFile ?? builtWorkerFile();
  return worker === undefined ? { threads: 1 } : { threads, worker };
}

/**
 * Renders the jobs, in order. `bibliography` is what the calling thread
 * renders with; workers get `setup.items`, the same items by key.
 */
export async function renderArticles(
  jobs: readonly RenderJob[],
  bibliography: BibliographyInput,
  setup: RenderSetup,
  options: RenderArticlesOptions = {},
): Promise<RenderedArticle[]> {
  const { threads, worker } = planRender(jobs, options);
  if (worker === undefined) {
    const renderer = new ArticleRenderer(bibliography, setup);
    return jobs.map((job) => renderer.render(job));
  }
  const { Tinypool } = await import('tinypool');
  const heapMb = options.workerHeapMb ?? workerHeapLimitMb(setup.items.size, Object.keys(setup.styles).length, itemTextChars(setup.items.values()));
  const pool = new Tinypool({
    filename: worker,
    minThreads: threads,
    maxThreads: threads,
    isolateWorkers: false,
    workerData: setup,
    resourceLimits: {
      // Close to the main thread's stack, so an article whose nesting overflows there overflows here too.
      stackSizeMb: 1,
      // citeproc makes many short-lived objects: see YOUNG_GENERATION_MB for the trade between scavenges and memory.
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      maxOldGenerationSizeMb: heapMb,
    },
  });
  // A worker that fails with no task of its own (e.g. while it starts) is reported by the pool, whose tasks then never run.
  let poolFailed: (error: unknown) => void = () => undefined;
  const poolFailure = new Promise<never>((_resolve, reject) => {
    poolFailed = reject;
  });
  poolFailure.catch(() => undefined);
  pool.on('error', (error: unknown) => poolFailed(error));
  // Set once a task fails, so the other lanes send no more; `workerDied` when a worker was ended by its heap limit.
  let stopped = false;
  let workerDied = false;
  try {
    const results: RenderedArticle[][] = [];
    // Cache additions in the order they arrived, with the thread each came from, and how far each thread has been sent.
    const log: { thread: number; shared: SharedEntries }[] = [];
    const sent = new Map<number, number>();
    let next = 0;
    let taskCount = 0;
    // One lane per thread, each keeping its thread busy with one task at a time: when a lane's task is
    // done, its thread is the idle one, so the lane's next task (and the additions it has not seen) goes there.
    // Tasks shrink as the work runs out, so the threads finish together.
    const lane = async (): Promise<void> => {
      let thread: number | undefined;
      while (!stopped && next < jobs.length) {
        const size = Math.min(MAX_TASK_ARTICLES, Math.max(MIN_TASK_ARTICLES, Math.ceil((jobs.length - next) / (threads * TASKS_PER_THREAD))));
        const task = jobs.slice(next, next + size);
        const index = taskCount++;
        next += task.length;
        const from = thread === undefined ? log.length : (sent.get(thread) ?? 0);
        const shared = mergeShared(log.slice(from).filter((entry) => entry.thread !== thread).map((entry) => entry.shared));
        if (thread !== undefined) sent.set(thread, log.length);
        const running = pool.run({ jobs: task, shared } satisfies RenderTask) as Promise<RenderTaskResult>;
        // Once the race is lost (the pool failed), the task is rejected again when the pool is destroyed.
        running.catch(() => undefined);
        let result: RenderTaskResult;
        try {
          result = await Promise.race([running, poolFailure]);
        } catch (error) {
          stopped = true;
          if (outOfMemory(error)) {
            workerDied = true;
            throw new Error(`A render worker ran out of memory (its limit: ${heapMb} MB); \`--threads 1\` renders on one thread, without that limit.`, { cause: error });
          }
          throw error;
        }
        results[index] = result.articles;
        thread = result.thread;
        log.push({ thread, shared: result.shared });
        if (!sent.has(thread)) sent.set(thread, 0);
      }
    };
    await Promise.all(Array.from({ length: threads }, lane));
    return results.flat();
  } finally {
    // Destroying the pool while another worker is still being ended by its heap limit throws inside tinypool (it
    // waits for the worker's exit through an emitter it cannot unhook), which took the whole process down. After
    // such a failure no lane sends more work, the workers left finish the task they hold, and the idle pool (its
    // threads unreferenced) ends with the process.
    if (!workerDied) await pool.destroy();
  }
}

/** A worker that went past its heap limit (Node ends it with `ERR_WORKER_OUT_OF_MEMORY`). */
function outOfMemory(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
}

function mergeShared(parts: readonly SharedEntries[]): SharedEntries {
  return {
    entries: parts.flatMap((p) => p.entries),
    margins: parts.flatMap((p) => p.margins),
    layouts: parts.flatMap((p) => p.layouts),
  };
}
