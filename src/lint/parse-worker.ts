/**
 * Worker entry for `parseArticles` (built to `dist/parse-worker.js`): parses
 * a batch of articles and returns their entries' bytes in one buffer that is
 * moved, not copied, to the main thread, which also stores them in the parse
 * cache. (Stored here, each result waited for its writes, which queued
 * behind the worker's next tasks: with the cache on, no article reached the
 * main thread until all were parsed.)
 */
import { Tinypool } from 'tinypool';
import { articleCacheKey, encodeArticle } from './cache.js';
import { parseOne, type ParseTask, type ParseTaskResult } from './workers.js';

export default function parseBatch(task: ParseTask): ParseTaskResult {
  const chunks: Uint8Array[] = [];
  const lengths: number[] = [];
  const keys: string[] = [];
  for (const text of task.articles) {
    const outcome = parseOne(text);
    if (!outcome.ok) {
      lengths.push(-1);
      keys.push('');
      continue;
    }
    // The key is only checked when the entry is read back from the cache; without a cache nothing needs hashing.
    const key = task.keyed ? articleCacheKey(text.file, text.source) : '';
    const bytes = encodeArticle(outcome.article, key);
    chunks.push(bytes);
    lengths.push(bytes.length);
    keys.push(key);
  }
  const buffer = new ArrayBuffer(chunks.reduce((sum, c) => sum + c.length, 0));
  const view = new Uint8Array(buffer);
  let offset = 0;
  for (const chunk of chunks) {
    view.set(chunk, offset);
    offset += chunk.length;
  }
  const result: ParseTaskResult = { buffer, lengths, ...(task.keyed ? { keys } : {}) };
  // Tinypool's transfer protocol: the value to send, and the buffer to move rather than copy.
  const movable = { [Tinypool.transferableSymbol]: buffer, [Tinypool.valueSymbol]: result };
  return Tinypool.move(movable as unknown as ArrayBuffer) as unknown as ParseTaskResult;
}
