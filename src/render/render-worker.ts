/**
 * Worker entry for `renderArticles` (built to `dist/render-worker.js`): the
 * bibliography and styles arrive once, as the worker's data; each task is a
 * run of articles, rendered in order, together with the bibliography entries
 * other workers have formatted meanwhile, and gives back its own.
 */
import { threadId } from 'node:worker_threads';
import { Tinypool } from 'tinypool';
import { addSharedEntries, journalSharedEntries, takeSharedEntries } from '../format/csl.js';
import { ArticleRenderer, type RenderSetup, type RenderTask, type RenderTaskResult } from './workers.js';

const setup = Tinypool.workerData as RenderSetup;
const renderer = new ArticleRenderer(setup.items, setup);
journalSharedEntries(true);

export default function renderBatch(task: RenderTask): RenderTaskResult {
  addSharedEntries(task.shared, (id) => setup.items.get(id));
  const articles = task.jobs.map((job) => renderer.render(job));
  return { articles, shared: takeSharedEntries(), thread: threadId };
}
