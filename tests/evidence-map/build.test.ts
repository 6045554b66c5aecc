import { describe, expect, it } from 'vitest';
import { buildEvidenceMap, evidenceMapSchema, serializeEvidenceMap, type MapClaim } from '../../src/evidence-map/index.js';
import { fixtureMap, lintFixture } from './fixture.js';

function claimCiting(claims: readonly MapClaim[], key: string): MapClaim {
  const claim = claims.find((c) => c.citations.some((x) => x.key === key));
  if (!claim) throw new Error(`no claim cites ${key}`);
  return claim;
}

describe('buildEvidenceMap', () => {
  it('produces a map that the published schema accepts', async () => {
    const map = await fixtureMap();
    expect(evidenceMapSchema.safeParse(map).success).toBe(true);
    // The schema is strict: an extra key is refused, so it really describes the shape.
    expect(evidenceMapSchema.safeParse({ ...map, extra: 1 }).success).toBe(false);
  });

  it('orders articles by file, references by id and claims by position', async () => {
    const map = await fixtureMap();
    expect(map.articles.map((a) => a.file)).toEqual(['articles/ketamine-crps.md', 'articles/ketamine-depression.md']);
    expect(map.references.map((r) => r.id)).toEqual([
      'mccloud2015meta',
      'painblog2021ketamine',
      'schwartzman2009rct',
      'sdrulla2018spinal',
      'unused2010guideline',
      'xss2019cohort',
    ]);
    for (const article of map.articles) {
      const lines = article.claims.map((c) => c.line);
      expect(lines).toEqual([...lines].sort((a, b) => a - b));
    }
  });

  it('is the same bytes for the same project', async () => {
    const [a, b] = await Promise.all([lintFixture(), lintFixture()]).then((results) => results.map(buildEvidenceMap));
    expect(serializeEvidenceMap(a!)).toBe(serializeEvidenceMap(b!));
  });

  it('lists every cited sentence, and an uncited one only when a finding sits on it', async () => {
    const [crps] = (await fixtureMap()).articles;
    expect(crps!.title).toBe('Ketamine for CRPS');
    expect(crps!.claims.map((c) => [c.line, c.cited])).toEqual([
      [7, true],
      [9, true],
      [11, false],
      [13, true],
      [15, true],
    ]);
    expect(crps!.claims.some((c) => c.text.startsWith('Some sentences carry no citation'))).toBe(false);
    expect(crps!.counts).toEqual({ claims: 4, citations: 4, errors: 2, warnings: 2 });
  });

  it('attaches each finding to the sentence that holds it', async () => {
    const [crps] = (await fixtureMap()).articles;
    const claims = crps!.claims;
    expect(claimCiting(claims, 'sdrulla2018spinal').findings.map((f) => f.ruleId)).toEqual(['topic-mismatch']);
    expect(claimCiting(claims, 'painblog2021ketamine').findings.map((f) => f.ruleId)).toEqual(['weak-evidence']);
    expect(claimCiting(claims, 'missing2020key').findings.map((f) => f.ruleId)).toEqual(['unknown-key']);
    expect(claimCiting(claims, 'schwartzman2009rct').findings).toEqual([]);
    const uncited = claims.find((c) => !c.cited);
    expect(uncited?.text).toBe('Studies show that 40% of adults with CRPS never see a specialist.');
    expect(uncited?.findings.map((f) => [f.ruleId, f.severity])).toEqual([['citation-needed', 'warning']]);
    expect(crps!.findings).toEqual([]);
  });

  it('gives each citation the evidence level of its reference, and `unresolved` for an unknown key', async () => {
    const [crps, depression] = (await fixtureMap()).articles;
    expect(claimCiting(crps!.claims, 'schwartzman2009rct').citations[0]).toMatchObject({ evidence: 'rct', resolved: true, line: 7 });
    expect(claimCiting(crps!.claims, 'painblog2021ketamine').citations[0]!.evidence).toBe('web-page');
    expect(claimCiting(crps!.claims, 'missing2020key').citations[0]).toMatchObject({ evidence: 'unresolved', resolved: false });
    expect(crps!.evidenceLevels).toEqual([
      { level: 'rct', count: 1 },
      { level: 'narrative-review', count: 1 },
      { level: 'web-page', count: 1 },
      { level: 'unresolved', count: 1 },
    ]);
    // Two citations of the same work in one article count the work once.
    expect(depression!.evidenceLevels).toEqual([
      { level: 'meta-analysis', count: 1 },
      { level: 'rct', count: 1 },
      { level: 'cohort', count: 1 },
    ]);
  });

  it('reads claim topics as topic-mismatch does', async () => {
    const [crps] = (await fixtureMap()).articles;
    expect(claimCiting(crps!.claims, 'sdrulla2018spinal').topics).toContain('nerve-block');
  });

  it('describes each reference: level and where it came from, topics, citing articles, findings at its own item', async () => {
    const map = await fixtureMap();
    const byId = new Map(map.references.map((r) => [r.id, r]));
    expect(byId.get('painblog2021ketamine')).toMatchObject({ evidence: 'web-page', evidenceSource: 'type', authors: 'Pain Clinic Blog', year: 2021 });
    expect(byId.get('mccloud2015meta')).toMatchObject({
      evidence: 'meta-analysis',
      evidenceSource: 'field',
      authors: 'McCloud TL, Caddy C, Jochim J, et al.',
      topics: ['ketamine', 'depression'],
      topicsInferred: false,
      citedBy: [{ file: 'articles/ketamine-depression.md', count: 1 }],
    });
    expect(byId.get('schwartzman2009rct')!.citedBy).toEqual([
      { file: 'articles/ketamine-crps.md', count: 1 },
      { file: 'articles/ketamine-depression.md', count: 1 },
    ]);
    // Three items share references/more.yaml; the unused one is the third, starting at line 29.
    const unused = byId.get('unused2010guideline')!;
    expect(unused).toMatchObject({ file: 'references/more.yaml', line: 29, citedBy: [] });
    expect(unused.findings.map((f) => f.ruleId)).toEqual(['unused-reference']);
    expect(byId.get('xss2019cohort')!.findings).toEqual([]);
    expect(map.otherFindings).toEqual([]);
    expect(map.summary).toMatchObject({ articles: 2, references: 6, claims: 6, citations: 7, errors: 2, warnings: 3 });
  });

  it('keeps findings outside any sentence on the article, and findings of unreadable files apart', async () => {
    const result = await lintFixture();
    const crps = result.results.find((r) => r.filePath === 'articles/ketamine-crps.md')!;
    crps.findings.unshift({ ruleId: 'malformed-citation', messageId: 'x', severity: 'error', message: 'In the front matter', file: crps.filePath, line: 2, column: 1 });
    result.results.push({
      filePath: 'articles/zz-binary.md',
      findings: [{ ruleId: null, messageId: 'unreadable', fatal: true, severity: 'error', message: 'Not UTF-8', file: 'articles/zz-binary.md', line: 1, column: 1 }],
    });
    const map = buildEvidenceMap(result);
    expect(map.articles[0]!.findings.map((f) => f.message)).toEqual(['In the front matter']);
    expect(map.otherFindings).toEqual([
      { file: 'articles/zz-binary.md', findings: [expect.objectContaining({ ruleId: null, message: 'Not UTF-8' })] },
    ]);
    expect(map.summary.errors).toBe(4);
  });
});
