/**
 * `initializeWith` turns a given name into initials (or normalises them)
 * every time a name is registered, evaluated or printed, several times per
 * name per cite. Its result depends only on its arguments, the engine's
 * `initialize-with-hyphen` option and, through lower-casing, on the item's
 * languages when one has special casing rules; outside those it is kept.
 */
import { hasSpecialCasing } from './casing.js';
import type { CiteprocPatch } from './patch.js';

interface CiteprocState {
  tmp: { lang_array?: unknown };
  opt: Record<string, unknown>;
}

type InitializeWith = (state: CiteprocState, name: unknown, terminator?: unknown, normalizeOnly?: unknown) => string;

interface CiteprocInitials {
  Util: { Names: { initializeWith: InitializeWith } };
}

/** Initialised given names by name, terminator, mode and hyphen option; cleared when it grows past {@link MAX_INITIALIZED}. */
const initialized = new Map<string, string>();
const MAX_INITIALIZED = 100_000;

export const initializeWith: CiteprocPatch = {
  name: 'initialize-with',
  fingerprints: {
    'Util.Names.initializeWith': 'd906478612252829',
  },
  install(namespace) {
    const names = (namespace as CiteprocInitials).Util.Names;
    const original = names.initializeWith;
    names.initializeWith = function initializeWith(state, name, terminator, normalizeOnly) {
      if (typeof name !== 'string' || (terminator !== undefined && typeof terminator !== 'string') || hasSpecialCasing(state?.tmp?.lang_array)) {
        return original.call(this, state, name, terminator, normalizeOnly);
      }
      const ending = terminator ?? '';
      const key = `${state.opt['initialize-with-hyphen'] === false ? 0 : 1}${normalizeOnly ? 1 : 0}${ending.length}:${ending}${name}`;
      let value = initialized.get(key);
      if (value === undefined) {
        value = original.call(this, state, name, terminator, normalizeOnly);
        if (initialized.size >= MAX_INITIALIZED) initialized.clear();
        initialized.set(key, value);
      }
      return value;
    };
  },
};
