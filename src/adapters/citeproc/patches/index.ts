/**
 * adapters/citeproc/patches/: May import: adapters/citeproc/ (the engine's
 * types), util/. Imported by: adapters/citeproc/index.ts only.
 *
 * citemark's patches to citeproc-js: each makes a busy part of citeproc
 * cheaper without changing what it returns or leaves behind (one module per
 * patch, each compared with citeproc as shipped in
 * tests/format/citeproc-patches.test.ts).
 *
 * They reach into citeproc's internals, so they are installed only onto the
 * citeproc they were checked against: its processor version, and the source
 * text of every member a patch replaces or stands in for (its fingerprint).
 * On any difference citeproc runs as shipped (the same output, slower) and
 * one line on stderr says why, once per process, worker threads included.
 *
 * `CITEMARK_CITEPROC_PATCHES=off` switches them all off;
 * `CITEMARK_CITEPROC_PATCHES=-sort-keys,-lone-items` switches off those named.
 */
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import type { CiteprocEngine } from '../engine.js';
import { casing } from './casing.js';
import { initializeWith } from './initialize-with.js';
import { loneItems } from './lone-items.js';
import { macroLookup } from './macro-lookup.js';
import { fingerprint, memberAt, type CiteprocPatch } from './patch.js';
import { plainTextMarkup } from './plain-text-markup.js';
import { sortCompare } from './sort-compare.js';
import { sortKeys } from './sort-keys.js';
import { stackTop } from './stack-top.js';
import { textEscape } from './text-escape.js';
import { tokenExec } from './token-exec.js';

export type { CiteprocPatch } from './patch.js';
export { reuseSortKeys } from './sort-keys.js';
export { settleLoneItemsDirectly } from './lone-items.js';

/** `CSL.PROCESSOR_VERSION` of the citeproc the patches were checked against (npm `citeproc` 2.4.63, pinned in package.json). */
export const CHECKED_CITEPROC_VERSION = '1.4.61';

export const PATCHES_VARIABLE = 'CITEMARK_CITEPROC_PATCHES';

export const PATCHES: readonly CiteprocPatch[] = [casing, sortCompare, initializeWith, textEscape, plainTextMarkup, tokenExec, stackTop, macroLookup, sortKeys, loneItems];

export interface InstallOptions {
  /** The setting, as `CITEMARK_CITEPROC_PATCHES` would give it; default the environment's. */
  setting?: string | undefined;
  /** Where a notice goes; default stderr, once per process. */
  notice?: (line: string) => void;
}

const installedOn = new WeakMap<object, readonly CiteprocPatch[]>();

/**
 * Installs onto a citeproc `CSL` namespace the patches the setting leaves
 * on, if it is the citeproc they were checked against; otherwise none, with
 * a notice. Once per namespace; gives the names of the patches installed.
 */
export function installPatches(csl: object, options: InstallOptions = {}): string[] {
  let installed = installedOn.get(csl);
  if (installed === undefined) {
    installed = choosePatches(csl, options);
    for (const patch of installed) patch.install(csl);
    installedOn.set(csl, installed);
  }
  return installed.map((patch) => patch.name);
}

/** Lets the patches installed on `csl` change an engine just built from it. */
export function preparePatchedEngine(csl: object, engine: CiteprocEngine): void {
  for (const patch of installedOn.get(csl) ?? []) patch.prepare?.(engine);
}

function choosePatches(csl: object, options: InstallOptions): CiteprocPatch[] {
  const notice = options.notice ?? noticeOncePerProcess;
  const setting = 'setting' in options ? options.setting : process.env[PATCHES_VARIABLE];
  const { chosen, unknown } = patchesSwitchedOn(setting);
  if (unknown.length > 0) {
    notice(
      `citemark: ${PATCHES_VARIABLE} names ${unknown.map((name) => `\`${name}\``).join(', ')}, which citemark does not know; use \`off\` or a list such as \`-${PATCHES[0]?.name}\` (patches: ${PATCHES.map((patch) => patch.name).join(', ')})`,
    );
  }
  if (chosen.length === 0) return [];
  const problem = incompatibility(csl, chosen);
  if (problem) {
    notice(`citemark: ${problem}; rendering with citeproc as it is (same output, slower). ${PATCHES_VARIABLE}=off silences this`);
    return [];
  }
  return chosen;
}

/** The patches a `CITEMARK_CITEPROC_PATCHES` value leaves on, and the entries in it that name no patch. */
export function patchesSwitchedOn(setting: string | undefined): { chosen: CiteprocPatch[]; unknown: string[] } {
  const value = (setting ?? '').trim();
  if (value === '' || value === 'on') return { chosen: [...PATCHES], unknown: [] };
  if (value === 'off') return { chosen: [], unknown: [] };
  const off = new Set<string>();
  const unknown: string[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const name = entry.startsWith('-') ? entry.slice(1) : '';
    if (PATCHES.some((patch) => patch.name === name)) off.add(name);
    else unknown.push(entry);
  }
  return { chosen: PATCHES.filter((patch) => !off.has(patch.name)), unknown };
}

/** Why the patches cannot go onto this citeproc, or undefined when they can. */
export function incompatibility(csl: object, patches: readonly CiteprocPatch[]): string | undefined {
  const version = memberAt(csl, 'PROCESSOR_VERSION');
  if (version !== CHECKED_CITEPROC_VERSION) {
    return `citeproc-js ${typeof version === 'string' ? version : '(no version)'} is not the version citemark's citeproc patches were checked against (${CHECKED_CITEPROC_VERSION})`;
  }
  for (const patch of patches) {
    for (const [path, expected] of Object.entries(patch.fingerprints)) {
      const member = memberAt(csl, path);
      if (member === undefined || fingerprint(member) !== expected) {
        return `citeproc-js's \`CSL.${path}\` is not the code citemark's \`${patch.name}\` patch was checked against`;
      }
    }
  }
  return undefined;
}

/**
 * The flag behind "once per process": shared memory, handed to every worker
 * thread started after this module loads (Node copies environment data into
 * each new worker, and a SharedArrayBuffer is shared, not copied).
 */
const NOTICE_FLAG = 'citemark:citeproc-patch-notice';

function noticeFlag(): Int32Array {
  const inherited = getEnvironmentData(NOTICE_FLAG);
  if (inherited instanceof SharedArrayBuffer) return new Int32Array(inherited);
  const buffer = new SharedArrayBuffer(4);
  setEnvironmentData(NOTICE_FLAG, buffer);
  return new Int32Array(buffer);
}

const noticeShown = noticeFlag();

/** Writes `line` to stderr unless this process (any of its threads) has written a notice already. */
export function noticeOncePerProcess(line: string): void {
  if (Atomics.compareExchange(noticeShown, 0, 0, 1) === 0) process.stderr.write(`${line}\n`);
}
