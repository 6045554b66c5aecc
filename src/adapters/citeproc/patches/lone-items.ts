/**
 * A lone item's disambiguation, settled without rendering its cite again.
 *
 * When an article's works are registered (`updateItems`), citeproc renders
 * each new item's short cite once to group it with any it could be confused
 * with (`doinserts`: the "ambiguous cite"), and then, for every group, again
 * (`Disambiguation.run`). For a group of one item that second rendering has
 * a single lasting effect: the item's given-name settings are evaluated
 * again against the name register, which by then holds every name of the
 * article (a cited author who shares a family name makes initials appear).
 * Rendering costs about as much as registering the item did.
 *
 * Both renderings go through the same names with the same name nodes: the
 * item, its name lists (cut to the same length: the second is told the
 * length the first arrived at) and the style are the same. So the first
 * rendering notes, for each name list, the names and the name node's form
 * and initials options (`_runDisambigNames`), and the second is replaced by
 * what it does with them: each name with a given name is evaluated again
 * (`evalname`, as citeproc's code for a second rendering calls it) and the
 * result stored in the item's settings, which are then copied, as
 * `getCiteData` copies them. Re-registering the names, which the second
 * rendering also does, changes nothing the first did not.
 *
 * Anything outside that shape renders as citeproc would: groups of more
 * than one item, the `by-cite` rule (the evaluation depends on a running
 * request there), `et-al-use-last` (the second rendering would cut the list
 * differently), institutional names, a list cut to nothing, an item whose
 * settings changed after it was registered, or one not registered in this
 * update.
 */
import type { CiteprocEngine } from '../engine.js';
import type { CiteprocPatch } from './patch.js';

interface NameObject {
  given?: unknown;
  family?: unknown;
}

interface NameNode {
  strings: Record<string, unknown>;
}

interface AmbigSettings {
  names: unknown[];
  givens: unknown[];
  use_initials?: boolean;
}

interface RegistryToken {
  ref?: unknown;
  ambig?: unknown;
  disambig?: AmbigSettings;
}

interface DisambiguationState {
  tmp: Record<string, unknown>;
  opt: Record<string, unknown> & { lang?: unknown };
  citation: { opt: Record<string, unknown> };
  registry: {
    registry: Record<string, RegistryToken | undefined>;
    namereg: { evalname(id: string, name: NameObject, namenum: number, requestBase: unknown, form: unknown, initials: unknown): unknown };
  };
  nameOutput: unknown;
  refetchItem: (id: string) => unknown;
  inheritOpt: (node: NameNode, ...names: string[]) => unknown;
}

interface CiteprocItemCopy {
  id: unknown;
  language?: unknown;
}

interface NameOutputLike {
  state: DisambiguationState;
  Item: unknown;
  name: NameNode;
  etal_use_last?: unknown;
  variables: string[];
  institutions: Record<string, unknown[] | undefined>;
}

interface DisambiguationLike {
  state: DisambiguationState;
  modes: unknown[];
  ambigcites: Record<string, string[] | undefined>;
}

interface RegistryLike {
  state: DisambiguationState;
  registry: Record<string, RegistryToken | undefined>;
}

interface CiteprocDisambiguation {
  getAmbiguousCite: (this: DisambiguationState, item: CiteprocItemCopy, disambig?: unknown, visualForm?: unknown, cite?: unknown) => string;
  NameOutput: {
    new (state: DisambiguationState, item: unknown, cite: unknown): unknown;
    prototype: {
      _runDisambigNames: (this: NameOutputLike, names: NameObject[], pos: number) => unknown;
      _imposeNameConstraints: (this: NameOutputLike, lists: unknown, count: unknown, key: unknown, pos: number) => unknown;
      disambigNames: (this: NameOutputLike) => unknown;
    };
  };
  Disambiguation: { prototype: { run: (this: DisambiguationLike, akey: string) => unknown } };
  Registry: { prototype: { registerAmbigToken: (this: RegistryLike, akey: string, id: string, config: unknown) => unknown } };
  POSITION_SUBSEQUENT: unknown;
}

/** One name list the first rendering evaluated: its place among the cite's name lists, its names, its node's options. */
interface NameListSeen {
  pos: number;
  names: NameObject[];
  form: unknown;
  initials: unknown;
  initialize: unknown;
}

/** What the first rendering of a new item saw, and the settings the item was registered with. */
interface FirstRendering {
  state: DisambiguationState;
  /** citeproc's per-update record of loaded items: the recording holds for this update only. */
  update: unknown;
  item: object;
  lists: NameListSeen[];
  usable: boolean;
  akey?: string;
  settings?: AmbigSettings;
  settingsKey?: string;
}

const lonesSettled = new WeakSet<object>();
/** By the item copy citeproc rendered (one per item and update). */
const firstRenderings = new WeakMap<object, FirstRendering>();
/** The first rendering under way, and the one whose registration comes next. */
let rendering: FirstRendering | undefined;
let awaitingRegistration: FirstRendering | undefined;

/**
 * Turns the shortcut on or off for an engine (styles whose cites do not
 * depend on their place in the article); it is taken only where the patch
 * is installed.
 */
export function settleLoneItemsDirectly(engine: CiteprocEngine, on: boolean): void {
  if (on) lonesSettled.add(engine);
  else lonesSettled.delete(engine);
}

export const loneItems: CiteprocPatch = {
  name: 'lone-items',
  fingerprints: {
    getAmbiguousCite: '74f92389fcf4d7d4',
    'Registry.prototype.registerAmbigToken': 'fbbb2bd669f8d13f',
    'NameOutput.prototype._runDisambigNames': '0c272d388646edb1',
    'NameOutput.prototype._imposeNameConstraints': '7234c7609fa2e34e',
    'NameOutput.prototype.disambigNames': '53f52a229c55554b',
    'Disambiguation.prototype.run': 'aee5ec70c9ac5854',
    // Not replaced, but what settling an item directly does in their place.
    getCite: '254b1bd3f69dac25',
    citeStart: 'ed42f50fa7808c65',
    'Registry.NameReg': '48c278e335c68449',
  },
  install(namespace) {
    installLoneItems(namespace as CiteprocDisambiguation);
  },
};

function installLoneItems(csl: CiteprocDisambiguation): void {
  const getAmbiguousCite = csl.getAmbiguousCite;
  csl.getAmbiguousCite = function recordingAmbiguousCite(this: DisambiguationState, item, disambig, visualForm, cite) {
    awaitingRegistration = undefined;
    const isFirst =
      lonesSettled.has(this) && rendering === undefined && !disambig && !visualForm && cite === undefined && item !== null && typeof item === 'object' && !this.registry.registry[String(item.id)];
    if (!isFirst) return getAmbiguousCite.call(this, item, disambig, visualForm, cite);
    const seen: FirstRendering = { state: this, update: this.tmp.loadedItemIDs, item, lists: [], usable: true };
    rendering = seen;
    try {
      return getAmbiguousCite.call(this, item, disambig, visualForm, cite);
    } finally {
      rendering = undefined;
      if (seen.usable) awaitingRegistration = seen;
    }
  };

  const registerAmbigToken = csl.Registry.prototype.registerAmbigToken;
  csl.Registry.prototype.registerAmbigToken = function recordingRegistration(this: RegistryLike, akey, id, config) {
    const result = registerAmbigToken.call(this, akey, id, config);
    const seen = awaitingRegistration;
    awaitingRegistration = undefined;
    const token = this.registry[id];
    const item = token?.ref;
    if (item !== null && typeof item === 'object') {
      if (seen && seen.item === item && seen.state === this.state && token?.disambig) {
        seen.akey = akey;
        seen.settings = token.disambig;
        seen.settingsKey = settingsKey(token.disambig);
        firstRenderings.set(item, seen);
      } else {
        firstRenderings.delete(item);
      }
    }
    return result;
  };

  const nameOutput = csl.NameOutput.prototype;
  const runDisambigNames = nameOutput._runDisambigNames;
  nameOutput._runDisambigNames = function recordingNames(this: NameOutputLike, names, pos) {
    const seen = rendering;
    if (seen && seen.state === this.state && seen.item === this.Item) {
      if (this.state.tmp.sort_key_flag || this.state.tmp.disambig_request || !Array.isArray(names)) seen.usable = false;
      else {
        seen.lists.push({
          pos,
          names: names.slice(),
          form: this.state.inheritOpt(this.name, 'form', 'name-form', 'long'),
          initials: this.state.inheritOpt(this.name, 'initialize-with'),
          initialize: this.name.strings.initialize,
        });
      }
    }
    return runDisambigNames.call(this, names, pos);
  };

  const imposeNameConstraints = nameOutput._imposeNameConstraints;
  nameOutput._imposeNameConstraints = function recordingConstraints(this: NameOutputLike, lists, count, key, pos) {
    const result = imposeNameConstraints.call(this, lists, count, key, pos);
    const seen = rendering;
    if (seen && seen.state === this.state && seen.item === this.Item) {
      const settings = this.state.tmp.disambig_settings as AmbigSettings | undefined;
      if (this.etal_use_last || !settings || !settings.names[pos]) seen.usable = false;
    }
    return result;
  };

  const disambigNames = nameOutput.disambigNames;
  nameOutput.disambigNames = function recordingInstitutions(this: NameOutputLike) {
    const seen = rendering;
    if (seen && seen.state === this.state && seen.item === this.Item) {
      for (const variable of this.variables) if (this.institutions[variable]?.length) seen.usable = false;
    }
    return disambigNames.call(this);
  };

  const run = csl.Disambiguation.prototype.run;
  csl.Disambiguation.prototype.run = function settleLoneItem(this: DisambiguationLike, akey) {
    const state = this.state;
    const ids = this.ambigcites[akey];
    if (!lonesSettled.has(state) || this.modes.length === 0 || ids?.length !== 1) return run.call(this, akey);
    const id = String(ids[0]);
    const token = state.registry.registry[id];
    const item = state.refetchItem(id);
    const seen = item !== null && typeof item === 'object' ? firstRenderings.get(item) : undefined;
    const settings = token?.disambig;
    if (
      !seen ||
      !settings ||
      seen.state !== state ||
      seen.update !== state.tmp.loadedItemIDs ||
      token.ref !== item ||
      token.ambig !== akey ||
      seen.akey !== akey ||
      seen.settings !== settings ||
      seen.settingsKey !== settingsKey(settings) ||
      state.citation.opt['givenname-disambiguation-rule'] === 'by-cite' ||
      !settledDirectly(csl, state, id, item as CiteprocItemCopy, seen, settings)
    ) {
      return run.call(this, akey);
    }
    firstRenderings.delete(item as object);
    return undefined;
  };
}

/**
 * Does what rendering the item's cite again would do to its settings, or
 * nothing (false) when the settings lack a value that rendering would find
 * missing and fill in another way.
 */
function settledDirectly(csl: CiteprocDisambiguation, state: DisambiguationState, id: string, item: CiteprocItemCopy, seen: FirstRendering, settings: AmbigSettings): boolean {
  if (!Array.isArray(settings.givens)) return false;
  // Rendering again copies each list of given-name settings, and fails where one is missing.
  for (let pos = 0; pos < settings.givens.length; pos++) if (!Array.isArray(settings.givens[pos])) return false;
  for (const list of seen.lists) {
    const givens = settings.givens[list.pos] as unknown[] | undefined;
    if (!givens) return false;
    for (let i = 0; i < list.names.length; i++) {
      const name = list.names[i];
      if (name && (name.given || name.family) && givens[i] === undefined) return false;
    }
  }
  // What citeproc's `citeStart` and `getCite` set up for the cite: the area, the item's languages, its name renderer.
  state.tmp.area = 'citation';
  state.tmp.root = 'citation';
  const languages: unknown[] = [];
  const language = typeof item.language === 'string' ? /^([a-zA-Z]+)/.exec(item.language) : null;
  if (language?.[1]) languages.push(language[1].toLowerCase());
  languages.push(state.opt.lang);
  state.tmp.lang_array = languages;
  state.nameOutput = new csl.NameOutput(state, item, { position: csl.POSITION_SUBSEQUENT, 'near-note': true });

  const addGivenName = state.opt['disambiguate-add-givenname'];
  const register = state.registry.namereg;
  for (const list of seen.lists) {
    const givens = settings.givens[list.pos] as unknown[];
    for (let i = 0; i < list.names.length; i++) {
      const name = list.names[i];
      if (!name || (!name.given && !name.family)) continue;
      let level = givens[i];
      if (addGivenName && name.given) level = register.evalname(id, name, i, level, list.form, list.initials);
      givens[i] = level;
      if (typeof list.initials === 'string' && (list.initialize === undefined || list.initialize === true)) settings.use_initials = true;
    }
  }
  settings.givens = settings.givens.map((givens) => (givens as unknown[]).slice());
  // What the rendering leaves: its settings current, no request or pending restore.
  state.tmp.disambig_request = false;
  state.tmp.disambig_restore = false;
  state.tmp.disambig_settings = settings;
  return true;
}

/** A key for citeproc's settings objects that, unlike JSON, tells a hole from `undefined` from `null`. */
function settingsKey(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${i in value ? settingsKey(value[i]) : '_'}`;
    return `${out}]`;
  }
  if (value === undefined) return '~';
  if (value !== null && typeof value === 'object') {
    let out = '{';
    for (const [key, field] of Object.entries(value)) out += `${JSON.stringify(key)}:${settingsKey(field)},`;
    return `${out}}`;
  }
  return JSON.stringify(value) ?? '~';
}
