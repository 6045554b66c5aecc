/**
 * The reference parser's model is trained in part on AnyStyle's BSD-2
 * licensed data and is bundled into the JavaScript of dist/; the licence
 * asks that a binary redistribution reproduce the notice. The build writes
 * it beside the bundle (dist/refparse-model-LICENSE.txt) and the package
 * ships it: `npm pack` lists it.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import model from '../../src/import/model/refparse.json' with { type: 'json' };
import { REPO } from '../helpers/cli.js';

const run = promisify(execFile);
const SOURCE = join(REPO, 'src/import/model/LICENSE');
const SHIPPED = 'dist/refparse-model-LICENSE.txt';

describe('the reference-parser model’s licence notice', () => {
  it('names AnyStyle’s copyright and the BSD-2 conditions, and the model file carries it too', () => {
    const notice = readFileSync(SOURCE, 'utf8');
    expect(notice).toContain('Copyright 2011-2023 Sylvester Keil');
    expect(notice).toContain('Redistributions in binary form must reproduce the above copyright notice');
    expect(model.notice).toContain(notice.trim());
  });

  it('is built into dist beside the bundle that holds the model (npm test builds first)', () => {
    expect(readFileSync(join(REPO, SHIPPED), 'utf8')).toBe(readFileSync(SOURCE, 'utf8'));
    const bundles = readdirSync(join(REPO, 'dist')).filter((f) => f.endsWith('.js'));
    const holding = bundles.filter((f) => readFileSync(join(REPO, 'dist', f), 'utf8').includes('citemark-sequence-labeller/1'));
    expect(holding.length).toBeGreaterThan(0);
  });

  it('is in the files npm packs', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO,
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
    });
    const [info] = JSON.parse(stdout) as { files: { path: string }[] }[];
    expect(info?.files.map((f) => f.path)).toContain(SHIPPED);
  }, 120_000);
});
