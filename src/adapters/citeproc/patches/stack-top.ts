/**
 * citeproc's stacks (output levels, formats, group flags) answer "the top
 * value" with `mystack.slice(-1)[0]`, copying the last element into a new
 * array on each of the many calls per rendered node; reading the last
 * element gives the same value (`undefined` for an empty stack).
 */
import type { CiteprocPatch } from './patch.js';

interface CiteprocStack {
  Stack: { prototype: { value(this: { mystack: unknown[] }): unknown } };
}

export const stackTop: CiteprocPatch = {
  name: 'stack-top',
  fingerprints: {
    'Stack.prototype.value': '5db2f0add6b7f0c3',
  },
  install(namespace) {
    (namespace as CiteprocStack).Stack.prototype.value = function value(this: { mystack: unknown[] }) {
      const stack = this.mystack;
      return stack[stack.length - 1];
    };
  },
};
