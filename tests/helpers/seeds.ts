/**
 * The seed articles' 24 works, as the project keeps them: one canonical
 * CSL-YAML file per work under the repository's own `references/`. Tests read
 * them from there, so they run wherever the clone lives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBibliographyText } from '../../src/bibliography/parse.js';
import type { CslItem } from '../../src/bibliography/schema.js';

const REFERENCES = fileURLToPath(new URL('../../references/', import.meta.url));

export function seedItems(): CslItem[] {
  const items: CslItem[] = [];
  for (const file of readdirSync(REFERENCES).filter((f) => f.endsWith('.yaml')).sort()) {
    const parsed = parseBibliographyText(readFileSync(join(REFERENCES, file), 'utf8'), `references/${file}`, 'yaml');
    if (parsed.problems.length > 0) throw new Error(`references/${file} does not load: ${parsed.problems[0]!.message}`);
    items.push(...parsed.entries.map((e) => e.item));
  }
  return items;
}
