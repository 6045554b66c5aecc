/** The floor: read every article and run a bare remark parse over it, nothing else. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const dir = join(process.argv[2] ?? '.', 'articles');
const processor = unified().use(remarkParse);
let nodes = 0;
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.md')) continue;
  const tree = processor.parse(readFileSync(join(dir, name), 'utf8'));
  nodes += tree.children.length;
}
process.stdout.write(`${nodes}\n`);
