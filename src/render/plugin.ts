/**
 * `citemarkRender`: a remark plugin that formats pandoc citations and adds
 * the bibliography, for any unified pipeline:
 *
 *     remark().use(citemarkRender, {bibliography, style: 'vancouver'})
 *
 * With `to: 'md'` (the default) the tree stays plain mdast for
 * remark-stringify; with `to: 'html'` it carries elements with ids, classes
 * and links for remark-rehype. Unknown keys stay visible, marked, and are
 * reported as `unknown-key` messages on the file.
 */
import type { Root } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { registerCitationExtensions } from '../citations/plugin.js';
import { resolveStyle, type StyleInput } from '../format/csl.js';
import type { OutputKind } from './markup.js';
import { itemLookup, renderCitationsInTree, type BibliographyInput, type TransformResult } from './transform.js';

export interface CitemarkRenderOptions {
  bibliography: BibliographyInput;
  /** Default `apa`. */
  style?: StyleInput;
  /** Default `md`. */
  to?: OutputKind;
  /** Locale when the front matter has no `lang`; default `en-US`. */
  locale?: string;
  referencesTitle?: string;
}

declare module 'vfile' {
  interface DataMap {
    /** What `citemarkRender` did to the file. */
    citemarkRender: TransformResult;
  }
}

function hasCitationSyntax(processor: Processor): boolean {
  const extensions = processor.data().fromMarkdownExtensions ?? [];
  return extensions.flat().some((ext) => typeof ext === 'object' && ext !== null && 'enter' in ext && Boolean(ext.enter && 'citationBracketed' in ext.enter));
}

/**
 * Registers the pandoc citation syntax (what `remarkCitations` does) unless
 * the processor already has it, so `citemarkRender` works alone or after
 * `remarkCitations`.
 */
export function addCitationSyntax(this: Processor): undefined {
  if (hasCitationSyntax(this)) return;
  registerCitationExtensions(this, { citations: false });
}

export function citemarkRender(this: Processor, options: CitemarkRenderOptions): (tree: Root, file: VFile) => undefined {
  if (!options || !options.bibliography) throw new TypeError('citemarkRender needs `{bibliography}`: a citemark Bibliography, a Map of CSL items by id, or an array of CSL items.');
  // Parse citations too, unless the pipeline already does.
  addCitationSyntax.call(this);
  const style = resolveStyle(options.style ?? 'apa');
  const lookup = itemLookup(options.bibliography);
  return (tree, file) => {
    const result = renderCitationsInTree(tree, {
      style,
      lookup,
      to: options.to ?? 'md',
      ...(options.locale !== undefined ? { locale: options.locale } : {}),
      ...(options.referencesTitle !== undefined ? { referencesTitle: options.referencesTitle } : {}),
    });
    file.data.citemarkRender = result;
    for (const item of result.unresolved) {
      const message = file.message(`Unknown citation key \`${item.key}\`; it is left in the output, marked. Add it to the bibliography or fix the key.`, {
        place: item.position,
        ruleId: 'unknown-key',
        source: 'citemark',
      });
      message.fatal = false;
    }
    for (const warning of result.warnings) file.message(warning, { ruleId: 'locale', source: 'citemark' });
    return undefined;
  };
}
