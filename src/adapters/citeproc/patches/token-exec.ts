/**
 * citeproc runs every node of a style through `tokenExec` (tens of
 * thousands per article), which makes a closure on each call only to note
 * the branch a test took; this is the same function with that closure
 * written out, so each node allocates nothing.
 */
import type { CiteprocPatch } from './patch.js';

interface JumpStack {
  replace(value: string): void;
}

interface CiteprocState {
  tmp: { jump?: JumpStack };
}

interface CiteprocToken {
  next: unknown;
  succeed?: unknown;
  fail?: unknown;
  test?: (item: unknown, cite: unknown) => unknown;
  execs: ((this: CiteprocToken, state: CiteprocState, item: unknown, cite: unknown) => unknown)[];
}

interface CiteprocTokenExec {
  tokenExec(this: CiteprocState, token: CiteprocToken, item: unknown, cite: unknown): unknown;
}

export const tokenExec: CiteprocPatch = {
  name: 'token-exec',
  fingerprints: {
    tokenExec: '67fc2e892c9abbd9',
  },
  install(namespace) {
    (namespace as CiteprocTokenExec).tokenExec = function tokenExec(this: CiteprocState, token, item, cite) {
      let next = token.next;
      if (token.test) {
        if (token.test(item, cite)) {
          (this.tmp.jump as JumpStack).replace('succeed');
          next = token.succeed;
        } else {
          (this.tmp.jump as JumpStack).replace('fail');
          next = token.fail;
        }
      }
      const execs = token.execs;
      for (let i = 0; i < execs.length; i++) {
        const maybeNext = (execs[i] as CiteprocToken['execs'][number]).call(token, this, item, cite);
        if (maybeNext) next = maybeNext;
      }
      return next;
    };
  },
};
