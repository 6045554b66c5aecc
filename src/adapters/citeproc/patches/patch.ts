/**
 * What every citeproc patch declares: its name, the members of citeproc's
 * `CSL` namespace it replaces, wraps or copies the logic of, with a
 * fingerprint of each as the patch was checked against it, and how to
 * install it. `index.ts` installs a patch only when every fingerprint
 * still matches.
 */
import { createHash } from 'node:crypto';
import type { CiteprocEngine } from '../engine.js';

export interface CiteprocPatch {
  /** Its name in `CITEMARK_CITEPROC_PATCHES` and in notices. */
  readonly name: string;
  /** By path below `CSL` (e.g. `Stack.prototype.value`): the {@link fingerprint} of the member as the patch was checked against it. */
  readonly fingerprints: Readonly<Record<string, string>>;
  /** Changes the namespace; called once per namespace, before any engine is built from it. */
  install(csl: object): void;
  /** Changes one engine just built from a namespace the patch is installed on. */
  prepare?(engine: CiteprocEngine): void;
}

/** The member at a dotted path below `csl`, or undefined. */
export function memberAt(csl: object, path: string): unknown {
  let value: unknown = csl;
  for (const step of path.split('.')) {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/**
 * A short hash of a member's source text (a function's text as written, a
 * pattern's source and flags): any change to the code a patch stands in
 * for changes it.
 */
export function fingerprint(value: unknown): string {
  const text = typeof value === 'function' ? Function.prototype.toString.call(value) : String(value);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
