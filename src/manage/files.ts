/** Canonical bibliography files as `add` and `dedupe` write them (record-level edits of shared files: `bibliography/records.ts`). */
import { isDeepStrictEqual } from 'node:util';
import { parseBibliographyText } from '../bibliography/parse.js';
import { parseCslItem, type CslItem } from '../bibliography/schema.js';
import { itemFilePath, serializeItem, unsafeFileId } from '../bibliography/write.js';

export interface CanonicalFile {
  /** Relative to the root, `/`-separated. */
  file: string;
  text: string;
  item: CslItem;
}

/**
 * The canonical file of an item, checked as `writeItemFile` checks it: the
 * schema, an id that can name a file, and text that reads back as the same item.
 */
export function canonicalFile(item: CslItem): CanonicalFile {
  // The schema checked field by field: the same result as the whole-object parse, which costs a thousand-record import a second.
  const checked = parseCslItem(item);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`Item \`${String(item.id)}\` is not valid CSL-JSON (\`${issue?.path.join('.') ?? ''}\`: ${issue?.message ?? 'invalid'}); nothing was written`);
  }
  const unsafe = unsafeFileId(checked.data.id);
  if (unsafe) throw new Error(`Citekey \`${checked.data.id}\` cannot name a file because ${unsafe}; nothing was written`);
  const file = itemFilePath(checked.data.id);
  const text = serializeItem(checked.data);
  const back = parseBibliographyText(text, file, 'yaml');
  if (back.entries.length !== 1 || back.problems.some((p) => p.messageId === 'schema') || !isDeepStrictEqual(back.entries[0]?.item, checked.data)) {
    throw new Error(`Item \`${checked.data.id}\` would not read back unchanged from \`${file}\`; nothing was written`);
  }
  return { file, text, item: checked.data };
}
