/**
 * Anchor: rehype-citation rendering (APA) of a sample of articles in one
 * process. Prints JSON: the setup time (imports and the first article, which
 * loads the bibliography) and the time per further article, for extrapolation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import rehypeCitation from 'rehype-citation';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

const started = performance.now();
const root = resolve(process.argv[2] ?? '.');
const sample = Number(process.argv[3] ?? '10');
const names = readdirSync(join(root, 'articles')).filter((n) => n.endsWith('.md')).sort().slice(0, sample);
const processor = unified()
  .use(remarkParse)
  .use(remarkRehype)
  .use(rehypeCitation, { path: join(root, 'references'), bibliography: 'library.json', csl: 'apa' })
  .use(rehypeStringify)
  .freeze();
let setupMs = 0;
let restMs = 0;
for (const [i, name] of names.entries()) {
  const t = performance.now();
  await processor.process(readFileSync(join(root, 'articles', name), 'utf8'));
  if (i === 0) setupMs = performance.now() - started;
  else restMs += performance.now() - t;
}
process.stdout.write(`${JSON.stringify({ articles: names.length, setupMs, perArticleMs: names.length > 1 ? restMs / (names.length - 1) : setupMs })}\n`);
