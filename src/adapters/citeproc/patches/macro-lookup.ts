/**
 * Building an engine compiles every reference to a macro in place, and each
 * reference looks the macro up by walking the whole style tree
 * (`getNodesByName(root, 'macro', name)`): about half of building APA's
 * engine, which every worker thread does once. The tree is complete before
 * the build starts and the build adds no macros, so each name is looked up
 * once and later references get a copy of the same list.
 */
import type { CiteprocPatch } from './patch.js';

type GetNodesByName = (this: unknown, node: unknown, name: string, nameAttribute?: unknown, found?: unknown[]) => unknown[];

interface CiteprocXml {
  XmlJSON: { prototype: { getNodesByName: GetNodesByName } };
}

/** Each style's macros by name, as its XML tree has them (by the tree's root). */
const macrosByRoot = new WeakMap<object, Map<string, unknown[]>>();

export const macroLookup: CiteprocPatch = {
  name: 'macro-lookup',
  fingerprints: {
    'XmlJSON.prototype.getNodesByName': '1559f6b7548ceb2b',
  },
  install(namespace) {
    const xml = (namespace as CiteprocXml).XmlJSON.prototype;
    const original = xml.getNodesByName;
    xml.getNodesByName = function getNodesByName(node, name, nameAttribute, found) {
      if (name !== 'macro' || typeof nameAttribute !== 'string' || found !== undefined || node === null || typeof node !== 'object') {
        return original.call(this, node, name, nameAttribute, found);
      }
      let macros = macrosByRoot.get(node);
      if (!macros) macrosByRoot.set(node, (macros = new Map<string, unknown[]>()));
      let nodes = macros.get(nameAttribute);
      if (!nodes) macros.set(nameAttribute, (nodes = original.call(this, node, name, nameAttribute)));
      return nodes.slice();
    };
  },
};
