/**
 * The bundled bibliography is written the way citemark writes it: one
 * canonical CSL-YAML file per work, named after its id, valid against the
 * schema, so `add` and `dedupe --fix` never produce noisy diffs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBibliography } from '../src/bibliography/load.js';
import { serializeItem } from '../src/bibliography/write.js';
import { REPO } from './helpers/cli.js';

describe.each([['references/', REPO], ['seeds-raw references/', join(REPO, 'tests/fixtures/seeds-raw')]])('%s', (_name, root) => {
  it('holds one canonical file per work', async () => {
    const bibliography = await loadBibliography(root);
    expect(bibliography.entries.length).toBeGreaterThanOrEqual(24);
    for (const { item, source } of bibliography.entries) {
      expect(source.file).toBe(`references/${item.id}.yaml`);
      expect(readFileSync(join(root, source.file), 'utf8'), source.file).toBe(serializeItem(item));
    }
  });
});

it('the bundled bibliography has no load problems', async () => {
  expect((await loadBibliography(REPO)).problems).toEqual([]);
});
