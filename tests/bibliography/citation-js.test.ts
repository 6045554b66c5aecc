import { describe, expect, it } from 'vitest';
import { CITATION_JS_INPUT_TYPES, citeConstructor, hasInputType, loadedPlugins, parseWithCitationJs } from '../../src/adapters/citation-js.js';

describe('citation-js wrapper', () => {
  it('loads only the offline plugins', () => {
    const plugins = loadedPlugins();
    expect(plugins).toEqual(expect.arrayContaining(['@bibtex', '@ris', '@csl']));
    expect(plugins.filter((p) => /doi|wikidata/i.test(p))).toEqual([]);
    expect(hasInputType('@doi/id')).toBe(false);
    expect(hasInputType('@wikidata/id')).toBe(false);
  });

  it('registers the input types it forces', () => {
    for (const type of Object.values(CITATION_JS_INPUT_TYPES)) expect(hasInputType(type)).toBe(true);
  });

  it('treats a DOI-looking BibTeX input as text, never as something to fetch', () => {
    expect(() => parseWithCitationJs('10.1111/bcp.12094', 'bib')).not.toThrow();
    expect(parseWithCitationJs('10.1111/bcp.12094', 'bib')).toEqual([]);
  });

  it('exposes a Cite that formats CSL-JSON offline', () => {
    const Cite = citeConstructor();
    const cite = new Cite([{ id: 'k', type: 'book', title: 'A Book', author: [{ family: 'Doe', given: 'Jane' }], issued: { 'date-parts': [[2020]] } }], {
      forceType: '@csl/list+object',
    });
    expect(cite.format('bibliography', { format: 'text', template: 'apa' })).toContain('Doe, J. (2020). A Book');
  });
});
