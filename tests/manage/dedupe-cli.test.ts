/**
 * `citemark dedupe` through the built bin, with scripted standard input for
 * `--interactive`: duplicates inside one shared `.ris` export, two letters
 * with one title that must stay apart, a copy that fails validation, and a
 * record with an impossible year.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citemark, tempProject } from '../helpers/cli.js';

const ris = `TY  - JOUR
ID  - okafor2014retinal
AU  - Okafor, Nneka
AU  - Lindqvist, Per
TI  - Retinal thickness after intravitreal ketamine in rabbits
T2  - PLOS ONE
PY  - 2014
VL  - 9
SP  - e98765
DO  - 10.1371/journal.pone.0098765
ER  - 

TY  - JOUR
ID  - rusbridge1997persistent
AU  - Rusbridge, C.
TI  - Persistent scratching in spaniels
T2  - Vet Rec
PY  - 1997
VL  - 140
IS  - 9
SP  - 239
EP  - 240
ER  - 

TY  - JOUR
ID  - rusbridge1997persistenta
AU  - Rusbridge, C.
TI  - Persistent scratching in spaniels
T2  - Vet Rec
PY  - 1997
VL  - 141
IS  - 7
SP  - 179
ER  - 

TY  - JOUR
ID  - okafor2014retinala
AU  - Okafor, N.
AU  - Lindqvist, P.
TI  - Retinal thickness after intravitreal ketamine in rabbits.
T2  - PLoS One
PY  - 2015
VL  - 9
SP  - e98765
DO  - https://doi.org/10.1371/JOURNAL.PONE.0098765
ER  - 
`;

const year30 = `id: vance2021chiari
type: article-journal
title: Chiari-like malformation in toy breeds
author:
  - family: Vance
    given: Iris
issued:
  date-parts: [[30]]
container-title: The Veterinary Journal
volume: "270"
page: "105-112"
abstract: A long abstract that makes this record the more complete one.
ISSN: 1090-0233
`;

const right2021 = `id: vance2021chiaria
type: article-journal
title: Chiari-like malformation in toy breeds
author:
  - family: Vance
    given: I.
issued:
  date-parts: [[2021]]
container-title: Vet J
volume: "270"
`;

// Fails validation (a type CSL does not have) but shares the PLOS ONE paper's DOI.
const broken = `- id: okafor2014broken
  type: journal article
  title: Retinal thickness after intravitreal ketamine
  DOI: 10.1371/journal.pone.0098765
`;

const article = `# Notes

Ketamine thins the retina [@okafor2014retinala]. Scratching was reported twice [@rusbridge1997persistent; @rusbridge1997persistenta].
Toy breeds are affected [@vance2021chiari].
`;

function project(): string {
  return tempProject({
    'articles/notes.md': article,
    'references/export.ris': ris,
    'references/vance2021chiari.yaml': year30,
    'references/vance2021chiaria.yaml': right2021,
    'references/broken.yaml': broken,
  });
}

const read = (root: string, file: string): string => readFileSync(join(root, file), 'utf8');

describe('citemark dedupe', () => {
  it('lists the group, the copy that fails validation, and nothing for the two letters', async () => {
    const root = project();
    const out = await citemark(['dedupe'], { cwd: root });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('Group 1 (keeps `okafor2014retinal`):');
    expect(out.stdout).toMatch(/- okafor2014retinala {2}references\/export\.ris:\d+ same DOI; differs on .*`issued: 2014 vs 2015`/);
    expect(out.stdout).toContain('! okafor2014broken  references/broken.yaml:1 same DOI, copy of `okafor2014retinal`');
    // The Vance pair is one work by title, journal and volume, but one record lacks the page: only possible.
    expect(out.stdout).toContain('? vance2021chiari (references/vance2021chiari.yaml:1) and vance2021chiaria (references/vance2021chiaria.yaml:1): same title and first author, but');
    expect(out.stdout).not.toContain('rusbridge');
  });

  it('--fix merges inside the shared .ris file, keeps the letters and the other records byte for byte, and rewrites the citation', async () => {
    const root = project();
    const out = await citemark(['dedupe', '--fix'], { cwd: root });
    // The broken copy is reported, not merged: exit 1.
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('Merged `okafor2014retinala` into `okafor2014retinal` (references/okafor2014retinal.yaml)');
    expect(out.stderr).toContain('not merged `okafor2014broken` (references/broken.yaml:1): it fails validation');
    const after = read(root, 'references/export.ris');
    // Both Okafor records left the .ris: the kept one for its canonical file, the other merged away. The letters stay as they were.
    expect(after).toBe(ris.slice(ris.indexOf('TY  - JOUR\nID  - rusbridge1997persistent\n'), ris.indexOf('TY  - JOUR\nID  - okafor2014retinala')));
    const merged = read(root, 'references/okafor2014retinal.yaml');
    expect(merged).toContain('DOI: 10.1371/journal.pone.0098765');
    expect(merged).toContain('`issued` was 2015 in `okafor2014retinala`');
    expect(read(root, 'articles/notes.md')).toBe(article.replace('@okafor2014retinala', '@okafor2014retinal'));
    const lint = await citemark(['lint', '--format', 'json'], { cwd: root });
    const messages = (JSON.parse(lint.stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages);
    expect(messages.filter((m) => m.ruleId === 'duplicate-reference' || m.ruleId === 'unknown-key')).toEqual([
      expect.objectContaining({ ruleId: 'duplicate-reference' }),
    ]);
  });

  it('lint points at `dedupe --fix` only where it can merge, and says what to do with a broken copy', async () => {
    const root = project();
    const lint = await citemark(['lint', '--format', 'json'], { cwd: root });
    const messages = (JSON.parse(lint.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[]).flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'duplicate-reference').map((m) => `${r.filePath}: ${m.message}`),
    );
    expect(messages).toEqual([
      'references/export.ris: Same work as the record at references/broken.yaml:1, by DOI, which fails validation (see `invalid-reference`); fix that record and run `citemark dedupe --fix`, or delete it.',
      expect.stringMatching(/^references\/export\.ris: Same work as `okafor2014retinal` \(references\/export\.ris:1\), by DOI; .*\(`citemark dedupe --fix`\)/),
    ]);
  });

  it('--interactive: the editor picks the survivor and a value per conflicting field', async () => {
    const root = project();
    // Keep record 2 (okafor2014retinala); for `issued`, the one conflicting field, take value 2 (2014, from the other record).
    // Then the possible Vance pair is offered; Enter says they are not one work.
    const out = await citemark(['dedupe', '--fix', '--interactive'], { cwd: root, input: '2\n2\n\n' });
    expect(out.stdout).toContain('Group 1 of 2 (same DOI):');
    expect(out.stdout).toContain('Group 2 of 2, possibly one work (same title and first author, but one of them has no year, or an impossible one):');
    expect(out.stdout).toMatch(/issued +≠ 2014 +│ 2015/);
    expect(out.stdout).toContain('Keep which record? [1/2]');
    expect(out.stdout).toContain('`issued` differs: [1] 2015 (okafor2014retinala)  [2] 2014 (okafor2014retinal)');
    expect(out.stdout).toContain('Merged `okafor2014retinal` into `okafor2014retinala`');
    const merged = read(root, 'references/okafor2014retinala.yaml');
    expect(merged).toContain('date-parts: [[2014]]');
    // Fields the kept record lacked or wrote more briefly come from the other.
    expect(merged).toContain('given: Nneka');
    expect(merged).toContain('Merged with `okafor2014retinal` by the editor with `citemark dedupe --interactive`; `issued` was 2015 in `okafor2014retinala`.');
    expect(read(root, 'articles/notes.md')).toBe(article.replace('[@okafor2014retinal]', '[@okafor2014retinala]'));
  });

  it('--interactive: skipping leaves everything; input that ends early writes nothing', async () => {
    const root = project();
    const skipped = await citemark(['dedupe', '--fix', '--interactive'], { cwd: root, input: 's\nn\n' });
    expect(skipped.stdout).not.toContain('Merged');
    expect(read(root, 'references/export.ris')).toBe(ris);
    const cut = await citemark(['dedupe', '--fix', '--interactive'], { cwd: root, input: '2\n' });
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain('The input ended before every group was answered; nothing was written');
    expect(read(root, 'references/export.ris')).toBe(ris);
    expect(existsSync(join(root, 'references/okafor2014retinala.yaml'))).toBe(false);
  });

  it('--interactive: the editor can merge a pair that is only possibly one work; the impossible year never survives', async () => {
    const root = project();
    // Skip the DOI group; say the Vance pair is one work; Enter keeps the automatic survivor and values.
    const out = await citemark(['dedupe', '--fix', '--interactive'], { cwd: root, input: 's\ny\n\n\n\n\n' });
    expect(out.stdout).toContain('Keep which record? [1/2], s = skip this group, q = skip it and every later one (Enter: 2)');
    expect(out.stdout).toContain('Merged `vance2021chiari` into `vance2021chiaria`');
    const merged = read(root, 'references/vance2021chiaria.yaml');
    expect(merged).toContain('date-parts: [[2021]]');
    // One journal spelled two ways is not a conflict: the name written out is kept.
    expect(merged).toContain('container-title: The Veterinary Journal');
    expect(merged).toContain('`issued` was 30 in `vance2021chiari`');
    expect(read(root, 'references/export.ris')).toBe(ris);
    expect(read(root, 'articles/notes.md')).toBe(article.replace('[@vance2021chiari]', '[@vance2021chiaria]'));
  });

  it('--plan writes the proposed merges; --apply carries out exactly that plan, and refuses once the bibliography changed', async () => {
    const root = project();
    const planned = await citemark(['dedupe', '--plan', 'plan.json'], { cwd: root });
    expect(planned.code).toBe(0);
    const plan = JSON.parse(read(root, 'plan.json')) as { merges: { keep: string; remove: string[]; fields: Record<string, string> }[]; possible: { ids: string[] }[] };
    expect(plan.merges).toEqual([expect.objectContaining({ keep: 'okafor2014retinal', remove: ['okafor2014retinala'] })]);
    expect(plan.possible.map((p) => p.ids)).toEqual([['vance2021chiari', 'vance2021chiaria']]);
    expect(read(root, 'references/export.ris')).toBe(ris);

    // The editor reviews the plan: also merge the possible pair, keeping the 2021 record, and keep the 2015 year.
    plan.merges[0]!.fields.issued = 'okafor2014retinala';
    plan.merges.push({ keep: 'vance2021chiaria', remove: ['vance2021chiari'], fields: {} });
    writeFileSync(join(root, 'plan.json'), JSON.stringify(plan));
    const applied = await citemark(['dedupe', '--apply', 'plan.json'], { cwd: root });
    expect(applied.stdout).toContain('Merged `okafor2014retinala` into `okafor2014retinal`');
    expect(applied.stdout).toContain('Merged `vance2021chiari` into `vance2021chiaria`');
    expect(read(root, 'references/okafor2014retinal.yaml')).toContain('date-parts: [[2015]]');
    const vance = read(root, 'references/vance2021chiaria.yaml');
    // The more complete record had year 30: 2021 stays, 30 goes to the note; its page comes along.
    expect(vance).toContain('date-parts: [[2021]]');
    expect(vance).toContain('page: 105-112');
    expect(vance).toContain('`issued` was 30 in `vance2021chiari`');
    expect(read(root, 'articles/notes.md')).toContain('[@vance2021chiaria]');

    // A plan made before a change is refused, and nothing is written.
    const second = project();
    await citemark(['dedupe', '--plan', 'plan.json'], { cwd: second });
    writeFileSync(join(second, 'references/vance2021chiaria.yaml'), right2021.replace('Vet J', 'Vet. J.'));
    const refused = await citemark(['dedupe', '--apply', 'plan.json'], { cwd: second });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('The bibliography changed since the plan was made');
    expect(read(second, 'references/export.ris')).toBe(ris);
  });

  it('refuses a plan inside references/ and --interactive without --fix or --plan', async () => {
    const root = project();
    const inside = await citemark(['dedupe', '--plan', 'references/plan.json'], { cwd: root });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('is inside `references/`');
    const alone = await citemark(['dedupe', '--interactive'], { cwd: root });
    expect(alone.code).toBe(2);
  });
});
