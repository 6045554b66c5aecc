/** Anchor: remark-lint with remark-preset-lint-recommended over every article, in one process. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import remarkParse from 'remark-parse';
import remarkPresetLintRecommended from 'remark-preset-lint-recommended';
import { unified } from 'unified';
import { VFile } from 'vfile';

const dir = join(process.argv[2] ?? '.', 'articles');
const processor = unified().use(remarkParse).use(remarkPresetLintRecommended).freeze();
let messages = 0;
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.md')) continue;
  const file = new VFile({ path: join(dir, name), value: readFileSync(join(dir, name), 'utf8') });
  await processor.run(processor.parse(file), file);
  messages += file.messages.length;
}
process.stdout.write(`${messages}\n`);
