/**
 * `citemark import --lookup` against the local fixture server: a printed
 * reference whose DOI's record is the same work gains the fields it lacks;
 * one whose DOI belongs to another work, or cannot be looked up, is kept as
 * printed and reported. No network beyond 127.0.0.1.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { describeCheck } from '../../src/cli/import.js';
import { importFiles } from '../../src/import/project.js';
import { lookupSettings, type LookupSettings } from '../../src/lookup/index.js';
import { citemark } from '../helpers/cli.js';
import { emptyProject } from '../helpers/fs.js';
import { startFixtureServer, type FixtureServer } from '../lookup/fixture-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

const LOOKUP = () => ({ doiBaseUrl: `${server.url}/doi`, pubmedBaseUrl: `${server.url}/eutils`, contact: 'editor@example.org', timeoutMs: 30_000, retries: 0, backoffMs: 1 });
const settings = (): LookupSettings => lookupSettings(LOOKUP(), 'test');

const ARTICLE = [
  'Ketamine and pain',
  '',
  'Ketamine can relieve chronic pain for weeks [1]. Virtual reality is said to help as well [2]. A third claim rests on a lost paper [3].',
  '',
  'References',
  '',
  '1. Niesters M, Martini C, Dahan A. Ketamine for chronic pain: risks and benefits. Br J Clin Pharmacol. 2014. doi:10.1111/bcp.12094',
  '2. Smith J. Spinal cord stimulation for chronic back pain. Pain Med. 2024. doi:10.1007/s11916-024-01246-2',
  '3. Roe R. A paper nobody can find. J Pain. 2020. doi:10.9999/missing',
  '',
].join('\n');

function project(): { root: string; input: string } {
  const root = emptyProject('citemark-import-lookup-');
  const input = join(root, 'incoming.txt');
  writeFileSync(input, ARTICLE);
  return { root, input };
}

function reference(root: string, key: string): Record<string, unknown> {
  return parseYaml(readFileSync(join(root, 'references', `${key}.yaml`), 'utf8')) as Record<string, unknown>;
}

describe('import --lookup', () => {
  it('fills a same-work record into the printed reference, and keeps another work or a failed look-up as printed', async () => {
    const { root, input } = project();
    const result = await importFiles(root, [input], { lookup: settings() });
    expect(result.doiChecks.map((c) => [c.doi, c.outcome])).toEqual([
      ['10.1111/bcp.12094', 'same-work'],
      ['10.1007/s11916-024-01246-2', 'other-work'],
      ['10.9999/missing', 'failed'],
    ]);
    expect(result.needsAttention).toBe(true);

    const [same, other, failed] = result.doiChecks;
    // The printed entry had no volume, issue or pages: the record supplies them; the printed title and key stay.
    expect(same!.filled).toEqual(expect.arrayContaining(['volume', 'issue', 'page']));
    const niesters = reference(root, same!.key);
    expect(niesters).toMatchObject({ id: same!.key, title: 'Ketamine for chronic pain: risks and benefits', volume: '77', issue: '2', page: '357-367' });
    // A field the printed entry has is never replaced, even where the record spells it out.
    expect(niesters['container-title']).toBe('Br J Clin Pharmacol');
    expect(same!.filled).not.toContain('container-title');

    // Another work's DOI: nothing of the record is taken.
    expect(other!.recordTitle).toBe('Virtual Reality in Acute and Chronic Pain Medicine: An Updated Review');
    const smith = reference(root, other!.key);
    expect(smith.title).toBe('Spinal cord stimulation for chronic back pain');
    expect(smith.volume).toBeUndefined();
    expect(describeCheck(other!)).toMatch(/another work, “Virtual Reality in Acute and Chronic Pain Medicine: An Updated Review”, not the printed “Spinal cord stimulation for chronic back pain”; the printed reference was kept unchanged, check the DOI/);

    expect(failed!.message).toMatch(/not found/);
    expect(reference(root, failed!.key).title).toBe('A paper nobody can find');
    // Fresh responses are cached with the import, so the next look-up needs no network.
    expect(existsSync(join(root, '.citemark', 'cache'))).toBe(true);
  });

  it('without --lookup nothing is fetched and nothing is checked', async () => {
    const { root, input } = project();
    const before = server.requests.length;
    const result = await importFiles(root, [input]);
    expect(result.doiChecks).toEqual([]);
    expect(server.requests.length).toBe(before);
    expect(reference(root, result.references[0]!.id).volume).toBeUndefined();
  });

  it('a dry run checks the DOIs and writes nothing, not even the cache', async () => {
    const { root, input } = project();
    const result = await importFiles(root, [input], { lookup: settings(), dryRun: true });
    expect(result.doiChecks.map((c) => c.outcome)).toEqual(['same-work', 'other-work', 'failed']);
    expect(readdirSync(root).sort()).toEqual(['articles', 'incoming.txt', 'references']);
    expect([...readdirSync(join(root, 'articles')), ...readdirSync(join(root, 'references'))]).toEqual([]);
    expect(result.references[0]!.content).toMatch(/volume: "?77"?/);
  });

  it('the CLI prints one line per DOI and exits 1 when one needs the editor', async () => {
    const { root, input } = project();
    writeFileSync(join(root, 'citemark.config.json'), JSON.stringify({ lookup: LOOKUP() }));
    const json = await citemark(['import', '--cwd', root, input, '--lookup', '--dry-run', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { doiChecks: Array<{ outcome: string }> }).doiChecks.map((c) => c.outcome)).toEqual(['same-work', 'other-work', 'failed']);
    const run = await citemark(['import', '--cwd', root, input, '--lookup']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/DOI `10\.1111\/bcp\.12094` of `[^`]+`: the record is the printed work; filled /);
    expect(run.stdout).toMatch(/DOI `10\.1007\/s11916-024-01246-2` of `[^`]+`: the record is another work/);
    expect(run.stdout).toMatch(/DOI `10\.9999\/missing` of `[^`]+`: could not be checked/);
  });
});
