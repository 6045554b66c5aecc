/**
 * citemark's citeproc patches go only onto the citeproc they were checked
 * against: the processor version and the source text of every member they
 * replace or stand in for. A citeproc that differs runs as shipped, with one
 * notice, and formats exactly as an unpatched engine does.
 */
import { getEnvironmentData, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { citeprocNamespace } from '../../src/adapters/citation-js.js';
import { builtinStyle, formatArticle } from '../../src/format/csl.js';
import {
  CHECKED_CITEPROC_VERSION,
  incompatibility,
  installPatches,
  noticeOncePerProcess,
  PATCHES,
  patchesSwitchedOn,
  type CiteprocPatch,
} from '../../src/adapters/citeproc/patches/index.js';
import { fingerprint, memberAt } from '../../src/adapters/citeproc/patches/patch.js';
import { citemarkEngine, unpatchedCiteproc, type Citeproc } from './unpatched-citeproc.js';

const SHIPPED_STACK_TOP = 'CSL.Stack.prototype.value = function () {\n    return this.mystack.slice(-1)[0];\n};';

/** The same function, written another way, as a later release might. */
function changedStackTop(source: string): string {
  expect(source).toContain(SHIPPED_STACK_TOP);
  return source.replace(SHIPPED_STACK_TOP, 'CSL.Stack.prototype.value = function () {\n    return this.mystack[this.mystack.length - 1];\n};');
}

function laterVersion(source: string): string {
  const shipped = `PROCESSOR_VERSION: "${CHECKED_CITEPROC_VERSION}"`;
  expect(source).toContain(shipped);
  return source.replace(shipped, 'PROCESSOR_VERSION: "1.4.99"');
}

const ITEMS = [
  { id: 'smithA', type: 'article-journal', title: 'On “ketamine” & pain', 'container-title': 'Pain', author: [{ family: 'Smith', given: 'Anna' }], issued: { 'date-parts': [[2001]] } },
  { id: 'smithB', type: 'article-journal', title: 'Opioids', 'container-title': 'Pain', author: [{ family: 'Smith', given: 'Brian' }], issued: { 'date-parts': [[2001]] } },
  { id: 'lee', type: 'book', title: 'Nerve blocks', publisher: 'Press', author: [{ family: 'Lee', given: 'Chen' }, { family: 'Nguyen', given: 'An' }], issued: { 'date-parts': [[2010]] } },
  { id: 'who', type: 'report', title: 'Guidance', author: [{ literal: 'World Health Organization' }], issued: { 'date-parts': [[2019]] } },
].map((item) => ({ ...item, system_id: item.id }));

/** Two articles through one engine, as citemark formats them: clusters, then the bibliography. */
function format(copy: Citeproc, styleName: 'apa' | 'vancouver'): string[] {
  const style = builtinStyle(styleName);
  formatArticle(style, 'en-US', [{ id: 'warm', type: 'book', title: 'Warm' }], [{ inText: false, cites: [{ id: 'warm' }] }]);
  const engine = citemarkEngine(copy, style, ITEMS);
  const out: string[] = [];
  for (const ids of [['smithA', 'smithB', 'lee', 'who'], ['smithA', 'who']]) {
    engine.updateItems([]);
    engine.updateItems(ids);
    out.push(...ids.map((id) => engine.makeCitationCluster([{ id, locator: '3', label: 'page' }])));
    out.push(JSON.stringify(engine.makeBibliography()));
  }
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the check before installing', () => {
  test('every fingerprint matches the citeproc installed (after upgrading citeproc, check each patch again and update them)', () => {
    const shipped = unpatchedCiteproc();
    expect(shipped.PROCESSOR_VERSION).toBe(CHECKED_CITEPROC_VERSION);
    for (const patch of PATCHES) {
      for (const [path, expected] of Object.entries(patch.fingerprints)) {
        expect({ patch: patch.name, path, fingerprint: fingerprint(memberAt(shipped, path)) }).toEqual({ patch: patch.name, path, fingerprint: expected });
      }
    }
    expect(incompatibility(shipped, PATCHES)).toBeUndefined();
  });

  test('the citeproc citemark renders with carries every patch', () => {
    formatArticle(builtinStyle('apa'), 'en-US', [{ id: 'warm', type: 'book', title: 'Warm' }], [{ inText: false, cites: [{ id: 'warm' }] }]);
    const expected = process.env.CITEMARK_CITEPROC_PATCHES === undefined ? PATCHES.map((patch) => patch.name) : expect.any(Array);
    expect(installPatches(citeprocNamespace() as object)).toEqual(expected);
  });

  test('a changed member: nothing installed, one notice naming it, output as unpatched citeproc gives it', () => {
    const changed = unpatchedCiteproc(changedStackTop);
    const notices: string[] = [];
    expect(installPatches(changed, { setting: undefined, notice: (line) => notices.push(line) })).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^citemark: citeproc-js's `CSL\.Stack\.prototype\.value` is not the code citemark's `stack-top` patch was checked against; rendering with citeproc as it is \(same output, slower\)\. CITEMARK_CITEPROC_PATCHES=off silences this$/);
    // Installing again neither installs nor tells again.
    expect(installPatches(changed, { setting: undefined, notice: (line) => notices.push(line) })).toEqual([]);
    expect(notices).toHaveLength(1);
    // Not one member was touched, the ones that still match included.
    const shipped = unpatchedCiteproc();
    for (const patch of PATCHES) {
      for (const path of Object.keys(patch.fingerprints)) {
        if (path !== 'Stack.prototype.value') expect(fingerprint(memberAt(changed, path))).toBe(fingerprint(memberAt(shipped, path)));
      }
    }
    const reference = unpatchedCiteproc(changedStackTop);
    installPatches(reference, { setting: 'off' });
    for (const style of ['apa', 'vancouver'] as const) expect(format(changed, style)).toEqual(format(reference, style));
  });

  test('another version of citeproc: nothing installed, one notice, output as unpatched citeproc gives it', () => {
    const later = unpatchedCiteproc(laterVersion);
    const notices: string[] = [];
    expect(installPatches(later, { notice: (line) => notices.push(line) })).toEqual([]);
    expect(notices).toEqual([
      `citemark: citeproc-js 1.4.99 is not the version citemark's citeproc patches were checked against (${CHECKED_CITEPROC_VERSION}); rendering with citeproc as it is (same output, slower). CITEMARK_CITEPROC_PATCHES=off silences this`,
    ]);
    const reference = unpatchedCiteproc();
    installPatches(reference, { setting: 'off' });
    for (const style of ['apa', 'vancouver'] as const) expect(format(later, style)).toEqual(format(reference, style));
  });

  test('a member that is gone, or a patch with no fingerprint for it, is a mismatch', () => {
    const shipped = unpatchedCiteproc();
    const gone: CiteprocPatch = { name: 'gone', fingerprints: { 'Util.NoSuchHelper': fingerprint(undefined) }, install: () => {} };
    expect(incompatibility(shipped, [gone])).toBe("citeproc-js's `CSL.Util.NoSuchHelper` is not the code citemark's `gone` patch was checked against");
    const blank: CiteprocPatch = { name: 'blank', fingerprints: { tokenExec: '' }, install: () => {} };
    expect(incompatibility(shipped, [blank])).toMatch(/`CSL\.tokenExec`.*`blank`/);
  });

  test('every patch declares at least one fingerprint', () => {
    for (const patch of PATCHES) expect(Object.keys(patch.fingerprints).length, patch.name).toBeGreaterThan(0);
  });
});

describe('CITEMARK_CITEPROC_PATCHES', () => {
  const names = PATCHES.map((patch) => patch.name);

  test('unset, empty or `on`: every patch; `off`: none, and no check or notice', () => {
    for (const setting of [undefined, '', 'on', ' on ']) expect(patchesSwitchedOn(setting)).toEqual({ chosen: [...PATCHES], unknown: [] });
    expect(patchesSwitchedOn('off')).toEqual({ chosen: [], unknown: [] });
    const later = unpatchedCiteproc(laterVersion);
    const notices: string[] = [];
    expect(installPatches(later, { setting: 'off', notice: (line) => notices.push(line) })).toEqual([]);
    expect(notices).toEqual([]);
  });

  test('`-name,-name`: all but those', () => {
    const { chosen, unknown } = patchesSwitchedOn('-sort-keys, -casing');
    expect(chosen.map((patch) => patch.name)).toEqual(names.filter((name) => name !== 'sort-keys' && name !== 'casing'));
    expect(unknown).toEqual([]);
  });

  test('a name citemark does not know is told, and the rest still applies', () => {
    const copy = unpatchedCiteproc();
    const notices: string[] = [];
    const installed = installPatches(copy, { setting: '-casing,-no-such-patch,stack-top', notice: (line) => notices.push(line) });
    expect(installed).toEqual(names.filter((name) => name !== 'casing'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('`-no-such-patch`, `stack-top`');
  });
});

describe('the notice, once per process', () => {
  test('written once to stderr however often asked, and not at all when a worker thread has written it', async () => {
    const flag = new Int32Array(getEnvironmentData('citemark:citeproc-patch-notice') as SharedArrayBuffer);
    Atomics.store(flag, 0, 0);
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    noticeOncePerProcess('citemark: first');
    noticeOncePerProcess('citemark: second');
    expect(write.mock.calls).toEqual([['citemark: first\n']]);

    Atomics.store(flag, 0, 0);
    // A worker thread started after the module loaded shares the flag, as render workers do.
    const worker = new Worker(
      `const { getEnvironmentData } = require('node:worker_threads');
       const flag = new Int32Array(getEnvironmentData('citemark:citeproc-patch-notice'));
       if (Atomics.compareExchange(flag, 0, 0, 1) !== 0) throw new Error('flag already set');`,
      { eval: true },
    );
    await new Promise((resolve, reject) => {
      worker.on('exit', resolve);
      worker.on('error', reject);
    });
    noticeOncePerProcess('citemark: third');
    expect(write.mock.calls).toEqual([['citemark: first\n']]);
  });
});
