import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cslItemSchema, type CslItem } from '../../src/bibliography/schema.js';
import { decodeEntities } from '../../src/render/markup.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'render');
export const STYLE_FILES = join(ROOT, 'src', 'format', 'styles');

export function hasCommand(command: string, args: string[] = ['--version']): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
  return result.status === 0;
}

/** The project's own bibliography (`references/*.yaml`), read directly so this test does not depend on the loader. */
export async function projectReferences(): Promise<CslItem[]> {
  const dir = join(ROOT, 'references');
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f) && f !== 'topics.yaml').sort();
  const items: CslItem[] = [];
  for (const file of files) {
    const data: unknown = parseYaml(await readFile(join(dir, file), 'utf8'));
    const list = Array.isArray(data) ? data : data && typeof data === 'object' && 'references' in data ? (data as { references: unknown[] }).references : [data];
    for (const raw of list) {
      const parsed = cslItemSchema.safeParse(raw);
      if (parsed.success) items.push(parsed.data);
    }
  }
  return items;
}

export async function fixtureItems(name = 'references.json'): Promise<CslItem[]> {
  const raw = JSON.parse(await readFile(join(FIXTURES, name), 'utf8')) as unknown[];
  return raw.map((r) => cslItemSchema.parse(r));
}

/** Each bibliography entry's inner HTML by its `ref-…` id, in document order. */
export function extractEntries(html: string): { order: string[]; entries: Map<string, string> } {
  const order: string[] = [];
  const entries = new Map<string, string>();
  const start = /<div\s+id="ref-([^"]+)"[^>]*>/g;
  for (let m = start.exec(html); m; m = start.exec(html)) {
    const id = decodeEntities(m[1] ?? '');
    let depth = 1;
    const tag = /<(\/?)div\b[^>]*>/g;
    tag.lastIndex = start.lastIndex;
    let end = html.length;
    for (let t = tag.exec(html); t; t = tag.exec(html)) {
      depth += t[1] ? -1 : 1;
      if (depth === 0) {
        end = t.index;
        break;
      }
    }
    order.push(id);
    entries.set(id, html.slice(start.lastIndex, end));
  }
  return { order, entries };
}

/** Text without markup, entities decoded, whitespace collapsed. */
export function normaliseEntry(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''))
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .normalize('NFC');
}

/** The text of each in-text citation (`<span class="citation" …>`), in document order. */
export function extractCitations(html: string): string[] {
  const out: string[] = [];
  const start = /<span\s+class="citation"[^>]*>/g;
  for (let m = start.exec(html); m; m = start.exec(html)) {
    let depth = 1;
    const tag = /<(\/?)span\b[^>]*>/g;
    tag.lastIndex = start.lastIndex;
    let end = html.length;
    for (let t = tag.exec(html); t; t = tag.exec(html)) {
      depth += t[1] ? -1 : 1;
      if (depth === 0) {
        end = t.index;
        break;
      }
    }
    out.push(normaliseEntry(html.slice(start.lastIndex, end)));
  }
  return out;
}
