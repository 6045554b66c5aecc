/**
 * Sort keys reused across articles. citeproc computes an item's sort keys
 * (for the bibliography's order and for the order of cites inside a
 * citation) by running the style's sort macros over the item, once per
 * article: about a sixth of an author-date article's formatting time.
 *
 * What the keys depend on besides the item, the engine (style and locale)
 * and the item's disambiguation state (part of the memo's key) is the
 * engine's name register: each name a sort macro renders is registered
 * (`addname`, which changes what later cites print) and may be printed
 * longer when another work's author shares the family name (`evalname`).
 * So the first computation records those calls in order, and a later
 * article reuses the keys only after replaying them: the registrations
 * happen as they would have, and every name evaluates as it did then. If
 * one does not, the keys are computed afresh and kept beside the earlier
 * ones: an item cited in articles that do and that do not cite another
 * author of the same family name has keys computed both ways, and an
 * article reuses the ones whose names evaluate as its own do.
 *
 * Only for styles with no citation numbers and no position tests (the
 * caller decides), whose keys cannot depend on an item's place in the
 * article.
 */
import type { CiteprocEngine } from '../engine.js';
import type { CiteprocPatch } from './patch.js';

type NameRegisterCall = (...args: unknown[]) => unknown;

interface NameRegister {
  addname: NameRegisterCall;
  evalname: NameRegisterCall;
}

interface CiteprocState {
  sys: { retrieveItem(id: string): unknown };
  registry: { registry: Record<string, { disambig?: { names: number[]; givens: unknown[][] } } | undefined>; namereg: NameRegister };
  opt: { lang?: unknown; development_extensions: Record<string, unknown> };
  tmp: Record<string, unknown>;
}

interface CiteprocItemCopy {
  id: unknown;
  language?: unknown;
}

type GetSortKeys = (this: CiteprocState, item: CiteprocItemCopy, keyType: string) => string[];

type Recorded = { add: unknown[] } | { evaluate: unknown[]; result: unknown };

interface Memo {
  keys: string[];
  calls: Recorded[];
}

const enabled = new WeakSet<object>();
/**
 * By engine, then the item as citemark handed it to citeproc (the items used
 * longest ago first), then key type and state; the latest first.
 */
const memos = new WeakMap<object, Map<object, Map<string, Memo[]>>>();
/** Keys kept per item, key type and state, for articles whose names evaluate differently. */
const VARIANTS = 3;
/**
 * Items whose keys are kept, per engine: those used most recently. Most of
 * the reuse is within an article (its items are sorted again as its
 * citations are added) and between articles close together; keeping every
 * item's keys held about 85 MB per thread on a 20,000-item bibliography
 * after 1,000 articles, for a few per cent of the time.
 */
export const KEPT_ITEMS = 4096;

/** Turns the reuse of sort keys on or off for an engine; keys are reused only where the patch is installed. */
export function reuseSortKeys(engine: CiteprocEngine, on: boolean): void {
  if (on) enabled.add(engine);
  else enabled.delete(engine);
}

/** The arguments as they were at the call: citeproc may later normalise the name object in place. */
function snapshot(args: unknown[]): unknown[] {
  return args.map((arg) => (arg !== null && typeof arg === 'object' ? (JSON.parse(JSON.stringify(arg)) as unknown) : arg));
}

function replay(register: NameRegister, calls: readonly Recorded[]): boolean {
  for (const call of calls) {
    if ('add' in call) register.addname(...snapshot(call.add));
    else if (register.evalname(...snapshot(call.evaluate)) !== call.result) return false;
  }
  return true;
}

/**
 * What `CSL.getSortKeys` leaves behind besides the keys, where anything reads
 * it before the next cite resets it: its flags, the item's languages, and the
 * item's disambiguation names and givens put back as copies (the sort
 * macros never change them).
 */
function settle(state: CiteprocState, item: CiteprocItemCopy, id: string): void {
  state.tmp.disambig_request = false;
  state.tmp.suppress_decorations = false;
  state.tmp.disambig_override = false;
  state.tmp.disambig_restore = false;
  const disambig = state.registry.registry[id]?.disambig;
  if (disambig) {
    disambig.names = disambig.names.slice();
    disambig.givens = disambig.givens.map((givens) => givens.slice());
  }
  const langs: unknown[] = [];
  const language = typeof item.language === 'string' ? /^[a-zA-Z]+/.exec(item.language) : null;
  if (language) langs.push(language[0].toLowerCase());
  langs.push(state.opt.lang);
  state.tmp.lang_array = langs;
}

export const sortKeys: CiteprocPatch = {
  name: 'sort-keys',
  fingerprints: {
    getSortKeys: '03e51e1e9ee08b04',
    // Not replaced: its `addname` and `evalname` are recorded and replayed.
    'Registry.NameReg': '48c278e335c68449',
  },
  install(namespace) {
    installSortKeys(namespace as { getSortKeys: GetSortKeys });
  },
};

function installSortKeys(csl: { getSortKeys: GetSortKeys }): void {
  const original = csl.getSortKeys;
  csl.getSortKeys = function getSortKeys(this: CiteprocState, item: CiteprocItemCopy, keyType: string): string[] {
    if (!enabled.has(this)) return original.call(this, item, keyType);
    const id = String(item.id);
    let source: unknown;
    try {
      source = this.sys.retrieveItem(id);
    } catch {
      source = undefined;
    }
    if (source === null || typeof source !== 'object') return original.call(this, item, keyType);

    const wrapper = this.opt.development_extensions.apply_citation_wrapper ? 1 : 0;
    const key = `${keyType}|${wrapper}|${JSON.stringify(this.registry.registry[id]?.disambig ?? null)}`;
    let byItem = memos.get(this);
    if (!byItem) memos.set(this, (byItem = new Map<object, Map<string, Memo[]>>()));
    let byKey = byItem.get(source);
    if (byKey) {
      // Now the most recently used.
      byItem.delete(source);
      byItem.set(source, byKey);
    }
    const variants = byKey?.get(key);
    const register = this.registry.namereg;
    // A replay that fails part way has registered some of the item's names, which computing the keys registers anyway.
    const memo = variants?.find((variant) => replay(register, variant.calls));
    if (memo) {
      settle(this, item, id);
      return memo.keys.slice();
    }

    const calls: Recorded[] = [];
    const { addname, evalname } = register;
    register.addname = function (this: unknown, ...args: unknown[]): unknown {
      calls.push({ add: snapshot(args) });
      return addname.apply(this, args);
    };
    register.evalname = function (this: unknown, ...args: unknown[]): unknown {
      const before = snapshot(args);
      const result = evalname.apply(this, args);
      calls.push({ evaluate: before, result });
      return result;
    };
    let keys: string[];
    try {
      keys = original.call(this, item, keyType);
    } finally {
      register.addname = addname;
      register.evalname = evalname;
    }
    if (!byKey) {
      byItem.set(source, (byKey = new Map<string, Memo[]>()));
      if (byItem.size > KEPT_ITEMS) {
        const oldest = byItem.keys().next();
        if (oldest.done !== true) byItem.delete(oldest.value);
      }
    }
    const computed = { keys: keys.slice(), calls };
    if (!variants) byKey.set(key, [computed]);
    else {
      variants.unshift(computed);
      if (variants.length > VARIANTS) variants.length = VARIANTS;
    }
    return keys;
  };
}
